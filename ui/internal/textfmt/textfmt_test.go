package textfmt

import "testing"

func TestThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 14500: "14,500", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if Plural(1, "host") != "1 host" || Plural(0, "host") != "0 hosts" || Plural(2500, "row") != "2,500 rows" {
		t.Error("Plural")
	}
}
