package registry

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// eachEntry reads a services-style file (services(5), nmap-services) and
// calls fn with the whitespace-separated fields of every line that has
// any, the text after its "#", and its line number. Lines may be any
// length; a leading byte-order mark is dropped. what names the file in a
// read error.
func eachEntry(r io.Reader, what string, fn func(fields []string, comment string, lineNo int)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for lineNo := 1; ; lineNo++ {
		text, readErr := br.ReadString('\n')
		if readErr != nil && readErr != io.EOF {
			return fmt.Errorf("reading the %s file: %w", what, readErr)
		}
		if text == "" && readErr == io.EOF {
			return nil
		}
		if lineNo == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		content, comment, _ := strings.Cut(text, "#")
		if fields := strings.Fields(content); len(fields) > 0 {
			fn(fields, comment, lineNo)
		}
		if readErr == io.EOF {
			return nil
		}
	}
}
