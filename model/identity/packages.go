package identity

import "strings"

// PackageDB says which installed package owns a file. Implementations read
// the database's own files (never run a command) and are safe for
// concurrent use.
type PackageDB interface {
	// Name is the database's short name: "dpkg", "rpm".
	Name() string
	// Available tells whether this system has the database.
	Available() bool
	// Owner is the package that installed path (a path as the system sees
	// it), "" when no installed package owns it. An error means the
	// database could not be read: the answer is unknown.
	Owner(path string) (string, error)
}

// mergedUsrAlias is the other name of a file under merged /usr, where /bin
// is /usr/bin: a package may list either. "" if there is none.
func mergedUsrAlias(p string) string {
	for _, d := range [...]string{"/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/"} {
		if strings.HasPrefix(p, d) {
			return "/usr" + p
		}
		if strings.HasPrefix(p, "/usr"+d) {
			return p[len("/usr"):]
		}
	}
	return ""
}

// fnv64 hashes a path: package indexes keep hashes rather than paths, a
// tenth of the memory. The chance that a path of no package takes the hash
// of one of 10^5 packaged files is about 10^5/2^64, once in 10^14.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// fnv64Bytes is fnv64 of a byte slice.
func fnv64Bytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
