package factstest

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/netip"
	"strings"
)

// LoopbackNet is a fake machine with a network that reaches only loopback
// addresses, so that tests can run httptest servers as module proxies,
// checksum databases and HTTP proxies without any traffic leaving the
// machine. Host names fail like DNS failures, except "localhost";
// non-loopback IP addresses fail with an error.
type LoopbackNet struct {
	*OS
	// RootCAs, when set, replaces the system's certificate authorities
	// (for an httptest TLS server: its Client's RootCAs).
	RootCAs *x509.CertPool
}

// NetRootCAs implements facts.NetRootCAs.
func (n LoopbackNet) NetRootCAs() *x509.CertPool { return n.RootCAs }

// DialContext implements facts.NetDialer.
func (LoopbackNet) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	if !ip.IsLoopback() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("factstest.LoopbackNet reaches loopback addresses only")}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, net.JoinHostPort(host, port))
}
