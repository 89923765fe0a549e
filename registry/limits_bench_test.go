package registry

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// atLimitsFile is the costliest file each reader accepts: MaxRows rows
// (services: each line at MaxAliases aliases on four protocols), padded
// towards MaxFileBytes. Run:
//
//	go test ./registry -run '^$' -bench ParseAtLimits -benchtime 3x
func atLimitsFile(format string) []byte {
	var sb strings.Builder
	sb.Grow(MaxFileBytes)
	switch format {
	case "csv":
		sb.WriteString(csvTestHeader)
		pad := strings.Repeat("d", 110)
		for i := range MaxRows {
			fmt.Fprintf(&sb, "s%d,%d,tcp,%s,[A],[B],2020-01-01,,[RFC%d],,,\n", i, i%NumPorts, pad, i)
		}
	case "xml":
		sb.WriteString("<registry>\n")
		pad := strings.Repeat("d", 20)
		for i := range MaxRows {
			fmt.Fprintf(&sb, "<record><name>s%d</name><protocol>tcp</protocol><number>%d</number><description>%s</description><xref type=\"rfc\" data=\"rfc%d\"/></record>\n", i, i%NumPorts, pad, i)
		}
		sb.WriteString("</registry>\n")
	case "services":
		aliases := strings.Repeat(" alias", MaxAliases)
		lines := MaxRows / ((MaxAliases + 1) * 4)
		for i := range lines {
			fmt.Fprintf(&sb, "s%d %d/tcp/udp/sctp/dccp%s # a comment\n", i, i, aliases)
		}
	case "nmap":
		for i := range MaxRows {
			fmt.Fprintf(&sb, "s%d %d/%s 0.%06d # a comment\n", i, i%NumPorts, Transports[i/NumPorts%4], i)
		}
	}
	if sb.Len() > MaxFileBytes {
		panic(fmt.Sprintf("%s file of %d bytes is past the limit", format, sb.Len()))
	}
	return []byte(sb.String())
}

// BenchmarkParseAtLimits reports, for a file at the limits, the heap the
// result keeps (heap-MB) and all the reader allocated on the way
// (alloc-MB, above the peak): memory stays bounded by the limits, where a
// 200 MB CSV took 1.1 GB and a services file of 2,000 aliases a line
// 3.8 GB.
func BenchmarkParseAtLimits(b *testing.B) {
	for _, format := range []string{"csv", "xml", "services", "nmap"} {
		b.Run(format, func(b *testing.B) {
			data := atLimitsFile(format)
			parse := func(r io.Reader) (any, int, error) {
				switch format {
				case "nmap":
					ns, err := ParseNmapServices(r, "t")
					if err != nil {
						return nil, 0, err
					}
					return ns, len(ns.Entries()) + len(ns.Skipped()), nil
				case "csv":
					reg, err := ParseCSV(r, "t")
					if err != nil {
						return nil, 0, err
					}
					return reg, len(reg.Records()) + len(reg.Skipped()), nil
				case "xml":
					reg, err := ParseXML(r, "t")
					if err != nil {
						return nil, 0, err
					}
					return reg, len(reg.Records()) + len(reg.Skipped()), nil
				}
				reg, err := ParseServices(r, "t")
				if err != nil {
					return nil, 0, err
				}
				return reg, len(reg.Records()) + len(reg.Skipped()), nil
			}
			var rows int
			for b.Loop() {
				_, n, err := parse(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				rows = n
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			v, _, _ := parse(bytes.NewReader(data))
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(v)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
			b.ReportMetric(float64(alloc)/(1<<20), "alloc-MB")
			b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
