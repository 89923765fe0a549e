#!/usr/bin/env bash
# Makes the Linux package: dist/Portolan.tar.xz with the binary, the
# .desktop entry, the icon, the listener recorder's systemd user unit and a
# Makefile ("sudo make install" or "make user-install" inside it).
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
work=$(mktemp -d)
trap 'mv -f dist/FyneApp.toml.orig FyneApp.toml; rm -rf "$work"' EXIT
go tool fyne package -os linux --exe dist/portolan

# The recorder's user unit goes in beside what fyne packs (usr/local/...),
# and the Makefile installs it: to PREFIX/lib/systemd/user (a path systemd
# searches for /usr and /usr/local), or ~/.local/share/systemd/user for a
# user install, with ExecStart pointing at the binary just installed.
tar -xJf Portolan.tar.xz -C "$work"
rm -f Portolan.tar.xz
root=$(cd "$work" && ls -d usr/local 2>/dev/null || echo usr)
install -Dm644 assets/portolan-record.service "$work/$root/lib/systemd/user/portolan-record.service"
unit="$root/lib/systemd/user/portolan-record.service"
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
' "$work/Makefile" >"$work/Makefile.new"
mv "$work/Makefile.new" "$work/Makefile"
grep -q "portolan-record.service" "$work/Makefile" || { echo "package: the Makefile has no install target to extend" >&2; exit 1; }
tar -cJf dist/Portolan.tar.xz -C "$work" usr Makefile
echo "package: wrote dist/Portolan.tar.xz"
echo "  the recorder: systemctl --user daemon-reload && systemctl --user enable --now portolan-record"
