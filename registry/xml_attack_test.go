package registry

import (
	"errors"
	"strings"
	"testing"
)

// Entity attacks get nowhere: encoding/xml neither expands entities a DTD
// declares (billion laughs) nor fetches external ones (a file or URL), so
// the reference is an unknown entity and the file is refused, or read up
// to it, without the entity's text anywhere. This held before issue 12;
// the test keeps it so.
func TestXMLEntityAttacksRefused(t *testing.T) {
	t.Parallel()
	laughs := `<?xml version="1.0"?>
<!DOCTYPE registry [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<registry><record><name>a</name><number>1</number><description>&lol9;</description></record></registry>`
	external := `<?xml version="1.0"?>
<!DOCTYPE registry [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "https://example.invalid/x">]>
<registry><record><name>a</name><number>1</number><description>&xxe;&web;</description></record></registry>`
	for name, doc := range map[string]string{"billion laughs": laughs, "external entity": external} {
		reg, err := ParseXML(strings.NewReader(doc), "attack.xml")
		if err == nil {
			t.Errorf("%s: read %d records: %+v", name, len(reg.Records()), reg.Records())
			continue
		}
		if !errors.Is(err, ErrNotRegistry) || !strings.Contains(err.Error(), "entity") {
			t.Errorf("%s: %v; want a refusal naming the entity", name, err)
		}
		if strings.Contains(err.Error(), "lollol") || strings.Contains(err.Error(), "root:") {
			t.Errorf("%s: the entity was expanded: %.200s", name, err)
		}
	}
}
