#!/usr/bin/env bash
# Runs every benchmark on a release build; the output is what BENCHMARKS.md records.
#   Benchmarks/run.sh            all of them
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product orchestrate >/dev/null
swift build -c release --product orchestrate-bench >/dev/null
bench=$PWD/.build/release/orchestrate-bench
bin=$PWD/.build/release/orchestrate
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

echo "== machine: $(nproc) cores, $(uname -sr), $(swift --version 2>/dev/null | head -1)"

echo "== engine overhead per step, in process (best of 3 runs)"
"$bench" builtin-chain 1000
"$bench" command-chain 10

echo "== clean and chunk the handbook's 76 cleaned articles (about 1 MB) in process, best of 3"
"$bench" chunk ../shared/data/handbook/artifacts/cleaned_documents.json models/all-MiniLM-L6-v2

echo "== 10-step chain of command steps, whole process, vs the same 10 commands in one shell script"
mkdir -p "$work/chain"
{
    echo "name: chain"; echo "steps:"
    echo "  s0: { uses: command, run: echo 0 > \"\$OUTPUT_o\", outputs: [o] }"
    for i in $(seq 1 9); do
        echo "  s$i: { uses: command, inputs: { i: s$((i - 1)).o }, run: cat \"\$INPUT_i\" > \"\$OUTPUT_o\" && echo $i >> \"\$OUTPUT_o\", outputs: [o] }"
    done
} > "$work/chain/p.yaml"
{
    echo 'set -e; d=$(mktemp -d); echo 0 > $d/o0'
    for i in $(seq 1 9); do echo "cat \$d/o$((i - 1)) > \$d/o$i && echo $i >> \$d/o$i"; done
    echo 'rm -rf $d'
} > "$work/chain/plain.sh"
cd "$work/chain"
"$bench" compare 20 "$bin run p.yaml --no-cache" "sh plain.sh"

echo "== fully cached re-run of the same 10-step pipeline, whole process, vs make with 10 up-to-date targets"
"$bin" run p.yaml >/dev/null
{
    echo "o0:"; printf '\techo 0 > o0\n'
    for i in $(seq 1 9); do echo "o$i: o$((i - 1))"; printf '\tcat o%d > o%d && echo %d >> o%d\n' $((i - 1)) "$i" "$i" "$i"; done
} > Makefile
make -s o9
"$bench" compare 30 "$bin run p.yaml" "make -s o9" "python3 -c pass"
cd - >/dev/null

echo "== lineage on a store with 100,000 artifacts (10,000 runs of a 10-step chain)"
"$bench" lineage-store "$work/lineage" 100000
"$bench" lineage-query "$work/lineage" 200
"$bench" dashboard "$work/lineage" 30
query="WITH RECURSIVE reach(id) AS (SELECT (SELECT id FROM artifacts WHERE pipeline='bench' AND name='s9.o' ORDER BY version DESC LIMIT 1) UNION SELECT si.artifact_id FROM reach JOIN artifacts a ON a.id = reach.id JOIN step_inputs si ON si.step_run_id = a.producer_step_run_id) SELECT a.* FROM artifacts a JOIN reach ON a.id = reach.id;"
echo "$query" > "$work/query.sql"
"$bench" compare 30 "$bin lineage bench/s9.o@latest --store $work/lineage" "$bin lineage bench/s0.o@1 --downstream --store $work/lineage" "sqlite3 $work/lineage/orchestrate.sqlite < $work/query.sql"

# Peer: ZenML, only when ZENML_PYTHON names the python of a virtual environment with
# zenml[local] installed (set-up: Benchmarks/peers/README.md), e.g.
#   ZENML_PYTHON=/tmp/zenml-venv/bin/python Benchmarks/run.sh
if [ -n "${ZENML_PYTHON:-}" ]; then
    echo "== peer: ZenML $("$ZENML_PYTHON" -c 'import zenml; print(zenml.__version__)'), the same 10-step chain (Benchmarks/peers/zenml_chain.py), whole process"
    zenml_chain=$PWD/Benchmarks/peers/zenml_chain.py
    export ZENML_CONFIG_PATH="$work/zenml-config" ZENML_ANALYTICS_OPT_IN=false
    cd "$work/chain"
    "$(dirname "$ZENML_PYTHON")/zenml" init >/dev/null 2>&1
    "$ZENML_PYTHON" "$zenml_chain" >/dev/null 2>&1
    case $("$ZENML_PYTHON" "$zenml_chain" 2>&1) in
        *"All steps of the pipeline run were cached"*) ;;
        *) echo "ZenML did not report its re-run as cached" >&2; exit 1 ;;
    esac
    echo "-- fully cached re-run (orchestrate store and ZenML steps all cached)"
    "$bench" compare 10 "$bin run p.yaml" "$ZENML_PYTHON $zenml_chain" "$ZENML_PYTHON -c 'import zenml'"
    echo "-- first run (caching off)"
    "$bench" compare 3 "$bin run p.yaml --no-cache" "$ZENML_PYTHON $zenml_chain --no-cache"
    cd - >/dev/null
fi
