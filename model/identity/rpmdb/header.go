package rpmdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// The header tags and types read here (rpm's doc/manual/format.md).
const (
	tagName       = 1000
	tagOldFiles   = 1027 // full paths, in packages built before rpm 4.0
	tagDirIndexes = 1116
	tagBaseNames  = 1117
	tagDirNames   = 1118

	typeInt32       = 4
	typeString      = 6
	typeStringArray = 8
)

// header is a package header as the database stores it: the number of
// index entries (il) and the size of the data (dl), the entries of 16
// bytes (tag, type, offset, count; big-endian), then the data.
type header struct {
	entries []byte
	data    []byte
}

func parseHeader(blob []byte) (header, error) {
	if len(blob) < 8 {
		return header{}, errors.New("header shorter than 8 bytes")
	}
	il := binary.BigEndian.Uint32(blob[0:4])
	dl := binary.BigEndian.Uint32(blob[4:8])
	if il > 1<<16 || dl > 1<<28 || uint64(len(blob)) < 8+16*uint64(il)+uint64(dl) {
		return header{}, fmt.Errorf("header sizes %d entries, %d bytes do not fit in %d bytes", il, dl, len(blob))
	}
	e := 8 + 16*int(il)
	return header{entries: blob[8:e], data: blob[e : e+int(dl)]}, nil
}

// find returns the type, data offset and count of tag.
func (h header) find(tag uint32) (typ, off, count uint32, ok bool) {
	for i := 0; i+16 <= len(h.entries); i += 16 {
		if binary.BigEndian.Uint32(h.entries[i:]) == tag {
			e := h.entries[i:]
			return binary.BigEndian.Uint32(e[4:]), binary.BigEndian.Uint32(e[8:]), binary.BigEndian.Uint32(e[12:]), true
		}
	}
	return 0, 0, 0, false
}

// strings reads a string or string-array tag.
func (h header) strings(tag uint32) ([]string, error) {
	typ, off, count, ok := h.find(tag)
	if !ok {
		return nil, nil
	}
	if typ != typeString && typ != typeStringArray {
		return nil, fmt.Errorf("tag %d has type %d, not a string", tag, typ)
	}
	if int(off) > len(h.data) || count > uint32(len(h.data)) {
		return nil, fmt.Errorf("tag %d points outside the header", tag)
	}
	d := h.data[off:]
	out := make([]string, 0, count)
	for range count {
		i := bytes.IndexByte(d, 0)
		if i < 0 {
			return nil, fmt.Errorf("tag %d: unterminated string", tag)
		}
		out = append(out, string(d[:i]))
		d = d[i+1:]
	}
	return out, nil
}

// int32s reads an int32-array tag.
func (h header) int32s(tag uint32) ([]uint32, error) {
	typ, off, count, ok := h.find(tag)
	if !ok {
		return nil, nil
	}
	if typ != typeInt32 {
		return nil, fmt.Errorf("tag %d has type %d, not int32", tag, typ)
	}
	if uint64(off)+4*uint64(count) > uint64(len(h.data)) {
		return nil, fmt.Errorf("tag %d points outside the header", tag)
	}
	out := make([]uint32, count)
	for i := range out {
		out[i] = binary.BigEndian.Uint32(h.data[int(off)+4*i:])
	}
	return out, nil
}

// packageFiles returns a header's package name and, through fn, each of
// its file paths as a folder (ending in "/") and a name.
func packageFiles(blob []byte, fn func(dir, name string)) (string, error) {
	h, err := parseHeader(blob)
	if err != nil {
		return "", err
	}
	names, err := h.strings(tagName)
	if err != nil || len(names) != 1 {
		return "", fmt.Errorf("no package name: %v", err)
	}
	base, err1 := h.strings(tagBaseNames)
	dirs, err2 := h.strings(tagDirNames)
	idx, err3 := h.int32s(tagDirIndexes)
	if err := errors.Join(err1, err2, err3); err != nil {
		return "", fmt.Errorf("package %s: %w", names[0], err)
	}
	if len(base) == 0 {
		old, err := h.strings(tagOldFiles)
		if err != nil {
			return "", fmt.Errorf("package %s: %w", names[0], err)
		}
		for _, p := range old {
			fn("", p)
		}
		return names[0], nil
	}
	if len(idx) != len(base) {
		return "", fmt.Errorf("package %s: %d file names but %d folder indexes", names[0], len(base), len(idx))
	}
	for i, b := range base {
		if int(idx[i]) >= len(dirs) {
			return "", fmt.Errorf("package %s: folder index %d of %d", names[0], idx[i], len(dirs))
		}
		fn(dirs[idx[i]], b)
	}
	return names[0], nil
}
