package facts

import (
	"context"
	"net"
)

// DialContext opens a real network connection (System is a NetDialer).
// The dial is bounded by ctx, which HTTPGet limits to NetRequestTimeout.
func (System) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, address)
}
