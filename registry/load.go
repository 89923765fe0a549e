package registry

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// Format is a registry file format.
type Format string

const (
	FormatCSV      Format = "iana-csv"
	FormatXML      Format = "iana-xml"
	FormatServices Format = "services"
)

// DetectFormat guesses the format from the first bytes of a file: XML
// starts with "<", IANA's CSV with its header, anything else is read as
// services(5).
func DetectFormat(head []byte) Format {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		return FormatXML
	case bytes.HasPrefix(bytes.ToLower(trimmed), []byte("service name,")):
		return FormatCSV
	}
	return FormatServices
}

// Parse reads a registry in any of the three formats; source names it.
func Parse(r io.Reader, source string) (*Registry, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	return ParseFormat(br, DetectFormat(head), source)
}

// ParseFormat reads a registry of a known format.
func ParseFormat(r io.Reader, f Format, source string) (*Registry, error) {
	var (
		reg *Registry
		err error
	)
	switch f {
	case FormatCSV:
		reg, err = ParseCSV(r, source)
	case FormatXML:
		reg, err = ParseXML(r, source)
	case FormatServices:
		reg, err = ParseServices(r, source)
	default:
		return nil, fmt.Errorf("unknown registry format %q", f)
	}
	if err != nil {
		return nil, err
	}
	reg.source.Kind = string(f)
	return reg, nil
}

// LoadFile reads a registry file (CSV, XML or services format).
func LoadFile(path string) (*Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the registry file: %w", err)
	}
	defer f.Close()
	reg, err := Parse(f, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reg, nil
}
