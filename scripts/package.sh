#!/usr/bin/env bash
# Makes the Linux package: dist/Portolan.tar.xz with the two binaries
# (portolan, which answers the subcommands and opens the window by running
# portolan-window beside it), the .desktop entry, the icon and a Makefile
# ("sudo make install" inside it). Uses the fyne tool pinned in go.mod (go tool
# fyne) and FyneApp.toml.
#
#   scripts/package.sh            then: tar xJf dist/Portolan.tar.xz -C /tmp/p && sudo make -C /tmp/p install
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
# portolan needs no cgo: built without it, it is static and starts quickest.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o dist/portolan ./cmd/portolan
go build -trimpath -ldflags "-s -w" -o dist/portolan-window ./cmd/portolan-window
# fyne package reads FyneApp.toml from the current directory (the root) and
# writes it back with the build number raised: keep the committed one as is.
cp FyneApp.toml dist/FyneApp.toml.orig
trap 'mv -f dist/FyneApp.toml.orig FyneApp.toml' EXIT
go tool fyne package -os linux --exe dist/portolan
# fyne package knows one executable: add the window beside it, and to the
# Makefile's install and uninstall rules.
unpacked=$(mktemp -d)
trap 'mv -f dist/FyneApp.toml.orig FyneApp.toml; rm -rf "$unpacked"' EXIT
tar xJf Portolan.tar.xz -C "$unpacked"
rm -f Portolan.tar.xz
bindir=$(dirname "$(find "$unpacked" -path '*/bin/portolan' -type f)")
install -m 0755 dist/portolan-window "$bindir/portolan-window"
sed -i -e '/^\t\(install\|-rm\) .*bin\/$(Exec)/{p;s/\$(Exec)/portolan-window/g}' "$unpacked/Makefile"
grep -q 'bin/portolan-window' "$unpacked/Makefile" || { echo "package: could not add portolan-window to the Makefile" >&2; exit 1; }
tar cJf dist/Portolan.tar.xz -C "$unpacked" .
echo "package: wrote dist/Portolan.tar.xz"
