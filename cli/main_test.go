package cli

import (
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
