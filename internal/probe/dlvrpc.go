package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// The parts of Delve's JSON-RPC API (version 2, service/rpc2 and
// service/api) the dlv probe uses: the same JSON field names, nothing
// else. Delve serves it with net/rpc's JSON-RPC 1.0 codec, method names
// "RPCServer.<Method>".
type (
	dlvBreakpoint struct {
		ID           int    `json:"id"`
		File         string `json:"file"`
		Line         int    `json:"line"`
		FunctionName string `json:"functionName,omitempty"`
	}
	dlvFunction struct {
		Name string `json:"name"`
	}
	dlvThread struct {
		File       string         `json:"file"`
		Line       int            `json:"line"`
		Function   *dlvFunction   `json:"function,omitempty"`
		Breakpoint *dlvBreakpoint `json:"breakPoint,omitempty"`
	}
	dlvState struct {
		Running       bool       `json:"Running"`
		CurrentThread *dlvThread `json:"currentThread,omitempty"`
		Exited        bool       `json:"exited"`
		ExitStatus    int        `json:"exitStatus"`
		Err           error      `json:"-"`
	}
	dlvCreateBreakpointIn  struct{ Breakpoint dlvBreakpoint }
	dlvCreateBreakpointOut struct{ Breakpoint dlvBreakpoint }
	dlvCommandIn           struct {
		Name string `json:"name"`
	}
	dlvCommandOut struct{ State dlvState }
	dlvDetachIn   struct{ Kill bool }
	dlvDetachOut  struct{}
)

// BreakFunction is the function of the scratch module's program the dlv
// probe stops in (main.greeting, called once by main).
const BreakFunction = "main.greeting"

// DebugResult is what a debug session through Delve's API showed.
type DebugResult struct {
	// Breakpoint is where Delve put the breakpoint (file:line).
	Breakpoint string
	// Hit is the function the program stopped in after continue.
	Hit string
	// Connect is how long it took until the API answered (dlv loading
	// the program and its debug information); Session the rest.
	Connect, Session time.Duration
}

// DebugSession connects to a headless Delve at addr (retrying until the
// server listens or ctx ends), sets a breakpoint on BreakFunction,
// continues, confirms the program stopped there, and detaches killing
// the program (which ends the headless server). The error says which
// step failed, with Delve's own words.
func DebugSession(ctx context.Context, addr string) (*DebugResult, error) {
	start := time.Now()
	conn, err := dialRetry(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("connecting to dlv's API at %s: %w", addr, err)
	}
	defer conn.Close()
	// A server that stops answering must not outlive the probe.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c := newJSONRPC(conn)
	res := &DebugResult{}
	var bp dlvCreateBreakpointOut
	if err := c.Call("RPCServer.CreateBreakpoint", dlvCreateBreakpointIn{dlvBreakpoint{FunctionName: BreakFunction}}, &bp); err != nil {
		return nil, fmt.Errorf("setting a breakpoint on %s: %w", BreakFunction, rpcErr(ctx, err))
	}
	res.Connect = time.Since(start)
	res.Breakpoint = fmt.Sprintf("%s:%d", bp.Breakpoint.File, bp.Breakpoint.Line)
	var out dlvCommandOut
	if err := c.Call("RPCServer.Command", dlvCommandIn{Name: "continue"}, &out); err != nil {
		return res, fmt.Errorf("continuing to the breakpoint: %w", rpcErr(ctx, err))
	}
	st := out.State
	switch {
	case st.Exited:
		return res, fmt.Errorf("the program ran to its end (exit status %d) without stopping at the breakpoint on %s", st.ExitStatus, BreakFunction)
	case st.CurrentThread == nil || st.CurrentThread.Breakpoint == nil:
		return res, fmt.Errorf("the program stopped, but not at a breakpoint (expected %s)", BreakFunction)
	}
	if st.CurrentThread.Function != nil {
		res.Hit = st.CurrentThread.Function.Name
	}
	if res.Hit != BreakFunction {
		return res, fmt.Errorf("the program stopped in %q at %s:%d, not in %s", res.Hit, st.CurrentThread.File, st.CurrentThread.Line, BreakFunction)
	}
	res.Session = time.Since(start) - res.Connect
	// Detaching with kill ends the program and the headless server; the
	// caller's bounded run of dlv then returns.
	if err := c.Call("RPCServer.Detach", dlvDetachIn{Kill: true}, &dlvDetachOut{}); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, net.ErrClosed) {
		return res, fmt.Errorf("detaching: %w", rpcErr(ctx, err))
	}
	return res, nil
}

func rpcErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("no answer in time (%w)", ctx.Err())
	}
	return err
}

// dialRetry dials addr until it answers: a headless dlv listens only
// once it has loaded the program. Refusals are retried every 50 ms until
// ctx ends (the probe's time limit), so a slow machine only waits longer.
func dialRetry(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return conn, nil
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// FreeLoopbackPort returns a TCP port on 127.0.0.1 nothing listens on
// now, for the headless dlv (which prints the port it got from :0 only
// on its output, which the bounded runner returns at the end).
func FreeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// jsonRPC is a JSON-RPC 1.0 client, the protocol Delve serves with
// net/rpc's jsonrpc codec: {"method", "params": [arg], "id"} out, {"id",
// "result", "error"} back. Written here rather than importing net/rpc,
// whose package initialisation (encoding/gob's) every godx run would pay
// for one probe that runs only with --deep. Calls are sequential.
type jsonRPC struct {
	enc *json.Encoder
	dec *json.Decoder
	id  uint64
}

func newJSONRPC(conn net.Conn) *jsonRPC {
	return &jsonRPC{enc: json.NewEncoder(conn), dec: json.NewDecoder(conn)}
}

// Call sends one request and reads its answer into reply; an "error" in
// the answer is returned as an error with the server's words.
func (c *jsonRPC) Call(method string, arg, reply any) error {
	c.id++
	req := struct {
		Method string `json:"method"`
		Params [1]any `json:"params"`
		ID     uint64 `json:"id"`
	}{method, [1]any{arg}, c.id}
	if err := c.enc.Encode(req); err != nil {
		return err
	}
	var resp struct {
		ID     uint64          `json:"id"`
		Result json.RawMessage `json:"result"`
		Error  any             `json:"error"`
	}
	if err := c.dec.Decode(&resp); err != nil {
		return err
	}
	if resp.ID != c.id {
		return fmt.Errorf("answer %d to request %d", resp.ID, c.id)
	}
	if resp.Error != nil {
		if msg, ok := resp.Error.(string); ok {
			return errors.New(msg)
		}
		return fmt.Errorf("%v", resp.Error)
	}
	if len(resp.Result) == 0 || string(resp.Result) == "null" {
		return nil
	}
	return json.Unmarshal(resp.Result, reply)
}
