package cli

import (
	"bufio"
	"fmt"
	"strings"
	"testing"
)

func TestMainRunsSubcommandOrNot(t *testing.T) {
	regCache(t)
	var out, errOut strings.Builder
	if g, handled, _ := Main([]string{"--select", "290"}, &out, &errOut); handled || g.Select != 290 {
		t.Errorf("no subcommand: handled %v, %+v", handled, g)
	}
	if _, handled, code := Main([]string{"port", "22"}, &out, &errOut); !handled || code != 0 || !strings.Contains(out.String(), "ssh") {
		t.Errorf("port 22: handled %v, code %d, %q", handled, code, out.String())
	}
	if _, handled, code := Main([]string{"--bogus"}, &out, &errOut); !handled || code != 2 || !strings.Contains(errOut.String(), "portolan: usage: unknown option --bogus") {
		t.Errorf("bad option: handled %v, code %d, %q", handled, code, errOut.String())
	}
}

// Buffered output keeps its order with stderr: the lines a command printed
// before a message on stderr come before it, on a terminal showing both.
func TestBufferedStdoutKeepsOrderWithStderr(t *testing.T) {
	var both strings.Builder
	buf := bufio.NewWriter(&both)
	stderr := flushFirst{buf, &both}
	fmt.Fprint(buf, "line 1\n")
	fmt.Fprint(stderr, "warning\n")
	fmt.Fprint(buf, "line 2\n")
	buf.Flush()
	if got := both.String(); got != "line 1\nwarning\nline 2\n" {
		t.Errorf("got %q", got)
	}
}
