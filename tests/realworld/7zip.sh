#!/bin/bash
# Real-world check: 7-Zip's command-line 7za.exe (x64, from the npm package 7zip-bin) runs an archive
# round trip and its real output is checked: create a .7z and a .zip of a small tree (text, binary,
# empty, spaces and non-ASCII in names, subdirectories), list and test them, extract them elsewhere
# and compare byte for byte, stream a member to stdout, read an archive made by the native Linux 7za
# of the same package and have that one read ours, and reject a corrupted archive.
#
#   tests/realworld/7zip.sh [--oriel-only | --wine-only] [-v]
#
# By default the round trip runs under Wine 8.0 first (the reference: if it fails there, the script
# is wrong) and then under oriel; the exit status is oriel's result (0 PASS, 1 FAIL, 77 SKIP when the
# package cannot be fetched). Needs the network once: the package is cached in
# ${ORIEL_REALWORLD_CACHE:-${XDG_CACHE_HOME:-~/.cache}/oriel-realworld}.

set -u
cd "$(dirname "$0")/../.." || exit 1
top=$PWD

pkg=7zip-bin
version=5.2.0
exe_sha256=b0cfdeaf429f5cc53f85123dd8f5a5feb92c19d31aa34df257edf9a26be05f95
cache=${ORIEL_REALWORLD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/oriel-realworld}
tmo=${REALWORLD_TIMEOUT:-180}
run_wine=1 run_oriel=1 verbose=0

for arg in "$@"; do
    case $arg in
    --oriel-only) run_wine=0 ;;
    --wine-only) run_oriel=0 ;;
    -v) verbose=1 ;;
    *) echo "usage: $0 [--oriel-only | --wine-only] [-v]" >&2; exit 2 ;;
    esac
done

# ---- fetch ----
pkgdir="$cache/$pkg-$version"
win7za="$pkgdir/package/win/x64/7za.exe"
lin7za="$pkgdir/package/linux/x64/7za"
if [ ! -f "$win7za" ]; then
    mkdir -p "$pkgdir" || exit 1
    if ! command -v npm >/dev/null 2>&1; then
        echo "7zip: SKIP: npm is not installed and $win7za is not cached"
        exit 77
    fi
    tgz=$(cd "$pkgdir" && timeout 300 npm pack --silent "$pkg@$version" 2>/dev/null | tail -n 1)
    if [ -z "$tgz" ] || [ ! -f "$pkgdir/$tgz" ] ||
        ! tar -xzf "$pkgdir/$tgz" -C "$pkgdir" package/win/x64/7za.exe package/linux/x64/7za; then
        echo "7zip: SKIP: cannot fetch $pkg@$version from the npm registry"
        exit 77
    fi
    chmod +x "$lin7za"
fi
if [ "$(sha256sum "$win7za" | cut -d' ' -f1)" != "$exe_sha256" ]; then
    echo "7zip: FAIL: $win7za does not have the expected SHA-256 (corrupt cache? remove $pkgdir)"
    exit 1
fi
native_ok=0
[ -x "$lin7za" ] && "$lin7za" >/dev/null 2>&1 && native_ok=1

# ---- one round trip under one runner ----
fails=0 checks=0
work=

note() { [ "$verbose" = 1 ] && echo "    $*"; return 0; }
check() { # description, then a command that must succeed
    local what=$1
    shift
    checks=$((checks + 1))
    if "$@"; then
        note "ok: $what"
    else
        fails=$((fails + 1))
        echo "    FAILED: $what"
    fi
}

# 7za under the runner, in the work directory; stdout in $work/out.txt (CRLF removed), exit status returned
z() {
    local rc
    (cd "$work" && timeout "$tmo" "${runner[@]}" "$win7za" "$@" >"$work/out.raw" 2>"$work/err.txt")
    rc=$?
    tr -d '\r' <"$work/out.raw" >"$work/out.txt"
    if [ "$verbose" = 1 ] || { [ "$rc" != 0 ] && [ "$rc" != 2 ]; }; then
        echo "    \$ 7za $* -> exit $rc"
        if [ "$rc" != 0 ]; then
            sed 's/^/    | /' "$work/out.txt" | tail -n 15
            sed 's/^/    ! /' "$work/err.txt" | tail -n 15
        fi
    fi
    return $rc
}
has() { grep -q -- "$1" "$work/out.txt"; }
lacks() { ! grep -q -- "$1" "$work/out.txt"; }
same_tree() { diff -r "$1" "$2" >/dev/null 2>&1; }

make_tree() {
    local d=$work/in
    mkdir -p "$d/sub/deeper" || return 1
    seq 1 20000 >"$d/numbers.txt"
    cp "$win7za" "$d/binary.bin"
    : >"$d/empty.txt"
    printf 'a file with spaces in its name\n' >"$d/notes with spaces.txt"
    printf 'deep\n' >"$d/sub/deeper/file.txt"
    printf 'non-ASCII name\n' >"$d/ünïcode.txt"
    mkdir -p "$d/emptydir"
}

round_trip() { # name, runner command...
    local name=$1
    shift
    runner=("$@")
    fails=0 checks=0
    work=$(mktemp -d "${TMPDIR:-/tmp}/oriel-7zip.XXXXXX") || return 1
    make_tree

    z >/dev/null
    check "7za with no arguments prints its banner" has "7-Zip (a) 21.07 (x64)"

    z a -t7z -mx=5 archive.7z in
    check "create archive.7z (exit 0)" test $? = 0
    check "create reports 4 folders, 6 files" has "4 folders, 6 files"
    check "create says Everything is Ok" has "Everything is Ok"
    check "archive.7z exists and is a 7z file" \
        test "$(head -c 6 "$work/archive.7z" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 377abcaf271c
    if [ ! -f "$work/archive.7z" ]; then
        echo "    (no archive was created: the remaining checks are skipped)"
        finish "$name"
        return 1
    fi

    z l -sccUTF-8 archive.7z
    check "list archive.7z (exit 0)" test $? = 0
    check "listing shows in/numbers.txt with its size" grep -Eq " 108894 .*in.numbers\.txt$" "$work/out.txt"
    check "listing shows the name with spaces" has "in.notes with spaces.txt"
    check "listing shows the non-ASCII name (-sccUTF-8)" has "in.ünïcode.txt"
    check "listing shows in/sub/deeper/file.txt" grep -Eq 'in.sub.deeper.file\.txt$' "$work/out.txt"
    check "listing totals 6 files, 4 folders" grep -Eq '6 files, 4 folders$' "$work/out.txt"

    z t archive.7z
    check "test archive.7z (exit 0)" test $? = 0
    check "test says Everything is Ok" has "Everything is Ok"

    z x archive.7z -oout7z -y
    check "extract archive.7z (exit 0)" test $? = 0
    check "extracted tree is identical" same_tree "$work/in" "$work/out7z/in"

    z x -so archive.7z in/numbers.txt
    check "extract to stdout (exit 0)" test $? = 0
    check "stdout stream is the file, byte for byte" cmp -s "$work/out.raw" "$work/in/numbers.txt"

    z a -tzip archive.zip in
    check "create archive.zip (exit 0)" test $? = 0
    z x archive.zip -ooutzip -y
    check "extract archive.zip (exit 0)" test $? = 0
    check "zip round trip is identical" same_tree "$work/in" "$work/outzip/in"
    if command -v unzip >/dev/null 2>&1; then
        check "host unzip verifies archive.zip" unzip -tqq "$work/archive.zip" 2>/dev/null
    fi

    if [ "$native_ok" = 1 ]; then
        (cd "$work" && "$lin7za" x archive.7z -onative -y >/dev/null 2>&1)
        check "native Linux 7za extracts our archive.7z identically" same_tree "$work/in" "$work/native/in"
        (cd "$work" && "$lin7za" a -t7z fromlinux.7z in >/dev/null 2>&1)
        z x fromlinux.7z -ofromlinux -y
        check "extract an archive made by native 7za (exit 0)" test $? = 0
        check "it is identical" same_tree "$work/in" "$work/fromlinux/in"
    fi

    # flip one byte in the middle of the packed stream: 7-Zip must report a data error, exit 2
    cp "$work/archive.7z" "$work/broken.7z"
    printf '\125' | dd of="$work/broken.7z" bs=1 seek=100000 conv=notrunc status=none
    z t broken.7z
    check "a corrupted archive fails the test with exit 2" test $? = 2
    check "and 7-Zip says so" grep -Eqi 'error' "$work/out.txt" "$work/err.txt"
    check "and does not say Everything is Ok" lacks "Everything is Ok"

    finish "$name"
}

finish() {
    if [ "$fails" = 0 ]; then
        echo "7zip round trip under $1: PASS ($checks checks)"
        rm -rf "$work"
        return 0
    fi
    echo "7zip round trip under $1: FAIL ($fails of $checks checks failed; work files kept in $work)"
    return 1
}

status=0
if [ "$run_wine" = 1 ]; then
    if command -v wine >/dev/null 2>&1; then
        export WINEDEBUG=${WINEDEBUG:--all}
        export WINEPREFIX=${WINEPREFIX:-$cache/wine-prefix}
        if ! round_trip "Wine ($(wine --version 2>/dev/null))" wine; then
            echo "7zip: the reference failed: the script or the environment is wrong"
            status=1
        fi
    else
        echo "7zip round trip under Wine: SKIP (wine is not installed)"
        [ "$run_oriel" = 0 ] && status=77
    fi
fi
if [ "$run_oriel" = 1 ]; then
    if [ ! -x loader/oriel ]; then
        echo "7zip round trip under oriel: FAIL (loader/oriel is not built)"
        status=1
    else
        if ! round_trip oriel "$top/loader/oriel"; then
            status=1
            echo "    imports oriel does not provide (loader/oriel --check-imports):"
            timeout 60 loader/oriel --check-imports "$win7za" 2>&1 | sed 's/^/      /'
        fi
    fi
fi
exit $status
