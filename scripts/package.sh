#!/usr/bin/env bash
# Makes the Linux package: dist/Portolan.tar.xz with the two binaries
# (portolan, which answers the subcommands and opens the window by running
# portolan-window beside it), the .desktop entry, the icon, the listener
# recorder's systemd user unit and a Makefile ("sudo make install" or
# "make user-install" inside it). Uses the fyne tool pinned in go.mod (go tool
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

# The recorder's user unit goes in beside the binaries (usr/local/...), and
# the Makefile installs it: to PREFIX/lib/systemd/user (a path systemd
# searches for /usr and /usr/local), or ~/.local/share/systemd/user for a
# user install, with ExecStart pointing at the binary just installed.
root=$(dirname "${bindir#"$unpacked"/}")
unit="$root/lib/systemd/user/portolan-record.service"
install -Dm644 assets/portolan-record.service "$unpacked/$unit"
awk -v unit="$unit" '
	function add_install(dir, bin) {
		print "\tinstall -Dm00644 " unit " " dir "/portolan-record.service"
		print "\tsed -i -e \"s,^ExecStart=/usr/bin/portolan,ExecStart=" bin ",\" " dir "/portolan-record.service"
	}
	{ print }
	/^install:/      { add_install("$(DESTDIR)$(PREFIX)/lib/systemd/user", "$(PREFIX)/bin/$(Exec)") }
	/^uninstall:/    { print "\t-rm $(DESTDIR)$(PREFIX)/lib/systemd/user/portolan-record.service" }
	/^user-install:/ { add_install("$(DESTDIR)$(HOME)/.local/share/systemd/user", "$(HOME)/.local/bin/$(Exec)") }
	/^user-uninstall:/ { print "\t-rm $(DESTDIR)$(HOME)/.local/share/systemd/user/portolan-record.service" }
' "$unpacked/Makefile" >"$unpacked/Makefile.new"
mv "$unpacked/Makefile.new" "$unpacked/Makefile"
grep -q "portolan-record.service" "$unpacked/Makefile" || { echo "package: could not add the recorder's unit to the Makefile" >&2; exit 1; }
tar cJf dist/Portolan.tar.xz -C "$unpacked" .
echo "package: wrote dist/Portolan.tar.xz"
echo "  the recorder: systemctl --user daemon-reload && systemctl --user enable --now portolan-record"
