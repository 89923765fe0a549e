package listen

// What the external tests (package listen_test: the poller judged by
// model/judge, the benchmarks and the soak test) borrow from this
// package's own tests.

// ScriptedOS is scriptedOS for the external tests.
type ScriptedOS = scriptedOS

// SocketChild is socketChild for the external tests.
type SocketChild = socketChild

// PID is the child's process id.
func (c *socketChild) PID() int { return c.pid }

var (
	StartSocketChild  = startSocketChild
	Listing           = listing
	Failing           = failing
	WithPID           = withPID
	Endpoints         = endpoints
	SettledGoroutines = settledGoroutines
)
