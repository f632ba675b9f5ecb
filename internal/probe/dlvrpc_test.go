package probe

import (
	"context"
	"errors"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeDelve is a JSON-RPC server speaking the part of Delve's API v2 the
// probe uses, over the same codec (net/rpc/jsonrpc, "RPCServer.*").
type fakeDelve struct {
	mu       sync.Mutex
	calls    []string
	bpErr    string   // CreateBreakpoint fails with this
	state    dlvState // what continue returns
	detached bool
}

type RPCServer struct{ d *fakeDelve }

// Delve's own argument types are exported (rpc2.CreateBreakpointIn, …),
// as net/rpc's server requires; these have the same JSON shape.
type (
	CreateBreakpointIn  dlvCreateBreakpointIn
	CreateBreakpointOut dlvCreateBreakpointOut
	CommandIn           dlvCommandIn
	CommandOut          dlvCommandOut
	DetachIn            dlvDetachIn
	DetachOut           dlvDetachOut
)

func (s *RPCServer) CreateBreakpoint(in CreateBreakpointIn, out *CreateBreakpointOut) error {
	s.d.record("CreateBreakpoint " + in.Breakpoint.FunctionName)
	if s.d.bpErr != "" {
		return errors.New(s.d.bpErr)
	}
	out.Breakpoint = dlvBreakpoint{ID: 1, File: "/scratch/main.go", Line: 7, FunctionName: in.Breakpoint.FunctionName}
	return nil
}

func (s *RPCServer) Command(in CommandIn, out *CommandOut) error {
	s.d.record("Command " + in.Name)
	out.State = s.d.state
	return nil
}

func (s *RPCServer) Detach(in DetachIn, out *DetachOut) error {
	s.d.record("Detach")
	s.d.mu.Lock()
	s.d.detached = in.Kill
	s.d.mu.Unlock()
	return nil
}

func (d *fakeDelve) record(c string) {
	d.mu.Lock()
	d.calls = append(d.calls, c)
	d.mu.Unlock()
}

func (d *fakeDelve) serve(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	srv := rpc.NewServer()
	if err := srv.Register(&RPCServer{d}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go srv.ServeCodec(jsonrpc.NewServerCodec(c))
		}
	}()
	return l.Addr().String()
}

func hitState(fn string) dlvState {
	return dlvState{CurrentThread: &dlvThread{File: "/scratch/main.go", Line: 7, Function: &dlvFunction{Name: fn}, Breakpoint: &dlvBreakpoint{ID: 1}}}
}

func TestDebugSession(t *testing.T) {
	d := &fakeDelve{state: hitState(BreakFunction)}
	res, err := DebugSession(context.Background(), d.serve(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Hit != BreakFunction || res.Breakpoint != "/scratch/main.go:7" {
		t.Errorf("result = %+v", res)
	}
	if got := strings.Join(d.calls, ", "); got != "CreateBreakpoint main.greeting, Command continue, Detach" || !d.detached {
		t.Errorf("calls = %s (detach kill %v)", got, d.detached)
	}
}

func TestDebugSessionFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    *fakeDelve
		want string
	}{
		{"no function", &fakeDelve{bpErr: "could not find function main.greeting\n"}, "setting a breakpoint on main.greeting: could not find function main.greeting"},
		{"ran through", &fakeDelve{state: dlvState{Exited: true, ExitStatus: 0}}, "ran to its end (exit status 0) without stopping"},
		{"no breakpoint", &fakeDelve{state: dlvState{CurrentThread: &dlvThread{File: "x.go"}}}, "stopped, but not at a breakpoint"},
		{"elsewhere", &fakeDelve{state: hitState("runtime.main")}, `stopped in "runtime.main" at /scratch/main.go:7, not in main.greeting`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DebugSession(context.Background(), tc.d.serve(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// Nothing listening and the time is up: the dial error, at once.
func TestDebugSessionNoServer(t *testing.T) {
	port, err := FreeLoopbackPort()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = DebugSession(ctx, net.JoinHostPort("127.0.0.1", itoa(port)))
	if err == nil || !strings.Contains(err.Error(), "connecting to dlv's API at 127.0.0.1:") {
		t.Fatalf("err = %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
