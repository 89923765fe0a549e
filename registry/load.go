package registry

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
// The content decides the format; when it does not (an empty file, or text
// that is neither XML nor IANA's CSV header), a source ending in .csv or
// .xml is read as that format, so its error speaks of that format rather
// than of services(5).
func Parse(r io.Reader, source string) (*Registry, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(512)
	f := DetectFormat(head)
	if f == FormatServices {
		named := formatByName(source)
		if named != "" {
			f = named
		} else if len(head) == 0 {
			return nil, fmt.Errorf("%w: the file is empty (expected IANA's CSV or XML registry, or a services(5) file such as /etc/services)", ErrNotRegistry)
		}
	}
	return ParseFormat(br, f, source)
}

// formatByName is the format a file's name promises, or "".
func formatByName(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return FormatCSV
	case ".xml":
		return FormatXML
	}
	return ""
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

// LoadFile reads a registry file (CSV, XML or services format), opened
// with OpenFile.
func LoadFile(path string) (*Registry, error) {
	f, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reg, err := Parse(f, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reg, nil
}

// LoadNmapFile reads nmap's nmap-services file, opened with OpenFile.
func LoadNmapFile(path string) (*NmapServices, error) {
	f, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ns, err := ParseNmapServices(f, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ns, nil
}

// ErrNotFile is wrapped by OpenFile's refusal of a path that is not a
// regular file: a device, a named pipe, a socket, a folder.
var ErrNotFile = errors.New("not a regular file")

// OpenFile opens a registry file for reading. Only a regular file (or a
// link to one) of at most MaxFileBytes is opened: a device (/dev/zero
// would be read forever), a named pipe (whose open waits for a writer), a
// socket or a folder is refused, saying what it is, without reading it.
// The file is looked at before it is opened and again once open, so a
// path swapped in between is refused too; a named pipe is opened without
// waiting (see openNoWait), so it can only be refused, never hang.
func OpenFile(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the registry file: %w", err)
	}
	if err := checkRegular(path, fi); err != nil {
		return nil, err
	}
	f, err := openNoWait(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the registry file: %w", err)
	}
	opened, err := f.Stat()
	switch {
	case err != nil:
		err = fmt.Errorf("cannot open the registry file: %w", err)
	case !os.SameFile(fi, opened):
		err = fmt.Errorf("%s: %w: it changed while it was being opened", path, ErrNotFile)
	default:
		err = checkRegular(path, opened)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkRegular refuses what is not a regular file of a plausible size.
func checkRegular(path string, fi os.FileInfo) error {
	if fi.Mode().IsRegular() {
		if fi.Size() > MaxFileBytes {
			return fmt.Errorf("%s: %w", path, errFileTooLarge(fi.Size(), MaxFileBytes))
		}
		return nil
	}
	var what string
	switch m := fi.Mode(); {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "a special file"
	}
	name := path
	if target, err := os.Readlink(path); err == nil {
		name = fmt.Sprintf("%s (a link to %s)", path, target)
	}
	return fmt.Errorf("%s is %s, %w: a registry must be a file", name, what, ErrNotFile)
}
