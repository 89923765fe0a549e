#!/usr/bin/env bash
# Makes the Linux package: dist/Portolan.tar.xz with the binary, the
# .desktop entry, the icon and a Makefile ("sudo make install" inside it).
# Uses the fyne tool pinned in go.mod (go tool fyne) and FyneApp.toml.
#
#   scripts/package.sh            then: tar xJf dist/Portolan.tar.xz -C /tmp/p && sudo make -C /tmp/p install
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
go build -trimpath -ldflags "-s -w" -o dist/portolan ./cmd/portolan
# fyne package reads FyneApp.toml from the current directory (the root) and
# writes it back with the build number raised: keep the committed one as is.
cp FyneApp.toml dist/FyneApp.toml.orig
trap 'mv -f dist/FyneApp.toml.orig FyneApp.toml' EXIT
go tool fyne package -os linux --exe dist/portolan
mv -f Portolan.tar.xz dist/Portolan.tar.xz
echo "package: wrote dist/Portolan.tar.xz"
