# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the KSTATE build scripts (sourced, not executed).

ks_log()
{
	printf '[kstate] %s\n' "$*" >&2
}

ks_die()
{
	printf '[kstate] error: %s\n' "$*" >&2
	exit 1
}

# ks_debian_mirror - print the URI of the machine's configured Debian archive
# (not the security archive), from deb822 or one-line apt sources.
ks_debian_mirror()
{
	local f uri

	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		uri=$(awk '
			/^[[:space:]]*$/ { if (u != "" && s !~ /security/ && !done) { print u; done = 1 } u = ""; s = ""; next }
			/^URIs:/ { u = $2 }
			/^Suites:/ { s = $0 }
			END { if (u != "" && s !~ /security/ && !done) print u }' "$f" |
			grep -m1 -i debian)
		[ -n "$uri" ] && { echo "$uri"; return 0; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		uri=$(awk '$1 == "deb" && $0 !~ /security/ {
				for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' "$f" |
			grep -m1 -i debian)
		[ -n "$uri" ] && { echo "$uri"; return 0; }
	done
	return 1
}

# ks_apt_unstable DIR ARGS... - run apt-get against Debian unstable through a
# private, temporary configuration under DIR; the system's sources are untouched.
ks_apt_unstable()
{
	local dir=$1 mirror
	shift

	mirror=$(ks_debian_mirror) || ks_die "no Debian mirror configured in /etc/apt"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/parts"
	if [ ! -s "$dir/sources.list" ]; then
		printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s unstable main\n' "$mirror" >"$dir/sources.list"
		printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s unstable main\n' "$mirror" >>"$dir/sources.list"
	fi
	local opts=(-o "Dir::Etc::SourceList=$dir/sources.list"
		    -o "Dir::Etc::SourceParts=$dir/parts"
		    -o "Dir::State::Lists=$dir/lists"
		    -o "Dir::Cache=$dir/cache"
		    -o "APT::Get::List-Cleanup=0"
		    -o "Debug::NoLocking=1")
	if [ ! -e "$dir/lists/.updated" ]; then
		apt-get -q "${opts[@]}" update >&2 || return 1
		touch "$dir/lists/.updated"
	fi
	apt-get -q "${opts[@]}" "$@"
}

# ks_verify_pinned FILE - check FILE against the SHA256SUMS beside it.
ks_verify_pinned()
{
	local file=$1 dir name

	dir=$(dirname "$file")
	name=$(basename "$file")
	[ -r "$dir/SHA256SUMS" ] || ks_die "$dir/SHA256SUMS missing"
	(cd "$dir" && grep -F "  $name" SHA256SUMS | sha256sum -c --quiet -) ||
		ks_die "checksum mismatch for $file"
}

# ks_kunit_counts LOG - print "PASSED FAILED SKIPPED" from the summary line
# kunit.py prints ("Testing complete. Ran N tests: passed: X, failed: Y, ...").
# Crashed tests and parser errors count as failed; no summary at all counts
# as one failure, so that a run that never reached its tests cannot pass.
ks_kunit_counts()
{
	sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
		/Testing complete\. Ran [0-9]+ tests/ {
			found = 1; p = f = s = 0
			n = split($0, a, /[:,] */)
			for (i = 1; i < n; i++) {
				if (a[i] ~ /passed$/) p = a[i + 1] + 0
				if (a[i] ~ /(failed|crashed|errors)$/) f += a[i + 1] + 0
				if (a[i] ~ /skipped$/) s = a[i + 1] + 0
			}
		}
		END { if (found) print p, f, s; else print 0, 1, 0 }'
}

# ks_result FILE TIER PASSED FAILED [SKIPPED] - record one tier's counts
ks_result()
{
	echo "$2 $3 $4 ${5:-0}" >"$1"
}

# ks_case TIER NAME RC [WHY] - one KTAP line "ok - TIER: NAME" or "not ok -
# TIER: NAME (WHY)", counted in the caller's passed and failed. A script
# that reports through the selftests' ktap_helpers.sh sets KS_KTAP=1: its
# ktap_test_pass/ktap_test_fail print the line, numbered.
ks_case()
{
	local line="$1: $2"

	if [ "$3" -eq 0 ]; then
		if [ -n "${KS_KTAP:-}" ]; then
			ktap_test_pass "$line"
		else
			echo "ok - $line"
		fi
		passed=$((passed + 1))
	else
		line="$line${4:+ ($4)}"
		if [ -n "${KS_KTAP:-}" ]; then
			ktap_test_fail "$line"
		else
			echo "not ok - $line"
		fi
		failed=$((failed + 1))
	fi
}
