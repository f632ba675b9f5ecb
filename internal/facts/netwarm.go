package facts

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"math/big"
	"time"
)

// NetWarmUp does godx's one-time network work before any request's clock
// starts: it makes the system's certificate verifier load (its root
// store, and on Windows the CryptoAPI chain engine) by verifying a
// throw-away self-signed certificate against the system roots. That first
// use costs 1.5 s in a Windows process under Wine, and can be slow on a
// loaded or cold Windows machine too; charged to the first HTTPS request,
// it made a healthy proxy look silent ("no answer within 2s"). Later calls
// return at once; the wait is bounded by the doctor's budget. Fakes with
// their own root CAs, and machines without a network, skip it.
func (f *Facts) NetWarmUp() {
	_, _ = netWarm.Get(f)
}

var netWarm = NewFact("certificate verifier warm-up", func(f *Facts) (struct{}, error) {
	if _, ok := f.OS.(NetDialer); !ok || f.Offline {
		return struct{}{}, nil
	}
	if r, ok := f.OS.(NetRootCAs); ok && r.NetRootCAs() != nil {
		return struct{}{}, nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if cert := throwAwayCert(); cert != nil {
			cert.Verify(x509.VerifyOptions{}) // fails (unknown authority) after loading the verifier
		}
	}()
	select {
	case <-done:
	case <-f.ctx.Done():
	}
	return struct{}{}, nil
})

// throwAwayCert is a fresh self-signed ECDSA certificate that no system
// trusts (nil if it cannot be made).
func throwAwayCert() *x509.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		DNSNames:     []string{"godx.invalid"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil
	}
	return cert
}
