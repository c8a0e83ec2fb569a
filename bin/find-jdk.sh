# Sourced by ./build, ./pgstat4j and .ci/run: sets JAVA_HOME to a JDK >= 25 or exits
# with a message that says what to install.
# Order: $JAVA_HOME, then the usual install locations, then `java` on the PATH.

pgstat4j_java_major() {
  # prints the major version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

pgstat4j_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*temurin*25* /usr/lib/jvm/*-25* /usr/lib/jvm/*25* \
           /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
           "${HOME:-/nonexistent}"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    candidates+=("${c%/bin/java}")
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(pgstat4j_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      printf '%s\n' "$c"
      return 0
    fi
  done
  return 1
}

if ! PGSTAT4J_JDK=$(pgstat4j_find_jdk); then
  echo "pgstat4j: no JDK 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt and the PATH)." >&2
  echo "pgstat4j: install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$PGSTAT4J_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
