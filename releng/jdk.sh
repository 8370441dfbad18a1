# Sourced by ./mvnw and ./aegisml: makes JAVA_HOME point at a JDK 25 or newer.
# Keeps the caller's JAVA_HOME when it already is one; otherwise looks at the
# usual install locations (Debian, Temurin packages, SDKMAN) and the java on PATH.

aegisml_java_feature() { # prints the feature release of the java binary given, e.g. 25
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

aegisml_find_jdk() {
  local need=25 cand v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(aegisml_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then return 0; fi
  fi
  for cand in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/java-25* \
              /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/java-2[6-9]* \
              /opt/java/* "$HOME"/.sdkman/candidates/java/* /usr/lib/jvm/*; do
    [ -x "$cand/bin/javac" ] || continue
    v=$(aegisml_java_feature "$cand/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then export JAVA_HOME="$cand"; return 0; fi
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(aegisml_java_feature "$cand/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then export JAVA_HOME="$cand"; return 0; fi
  fi
  echo "AegisML needs a JDK $need or newer: set JAVA_HOME to one (none found in /usr/lib/jvm)." >&2
  return 1
}

aegisml_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
