# Peer benchmark: the 10-step chain of Benchmarks/run.sh written as a ZenML pipeline.
# s0 returns "0\n"; step si (i = 1..9) returns its input plus "i\n". Step caching is on
# (ZenML's default); pass --no-cache to run every step (enable_cache=False).
#
# Set up once, outside the repository (see Benchmarks/peers/README.md):
#   python3 -m venv /tmp/zenml-venv && /tmp/zenml-venv/bin/pip install 'zenml[local]'
#   export ZENML_CONFIG_PATH=/tmp/zenml-work/.zenconfig ZENML_ANALYTICS_OPT_IN=false
#   mkdir -p /tmp/zenml-work && cd /tmp/zenml-work && /tmp/zenml-venv/bin/zenml init
# Run, from /tmp/zenml-work with the same environment (REPO: this repository's root):
#   /tmp/zenml-venv/bin/python "$REPO/Benchmarks/peers/zenml_chain.py" [--no-cache]
import os
import sys

# ZenML refuses a __main__ file outside its "source root" (by default the folder where
# `zenml init` ran), so name this file's own folder as the source root unless one is set.
os.environ.setdefault("ZENML_CUSTOM_SOURCE_ROOT", os.path.dirname(os.path.abspath(__file__)))

from zenml import pipeline, step  # noqa: E402


@step
def s0() -> str:
    return "0\n"


@step
def append(text: str, i: int) -> str:
    return f"{text}{i}\n"


@pipeline(name="chain")
def chain() -> None:
    out = s0()
    for i in range(1, 10):
        out = append(out, i, id=f"s{i}")


if __name__ == "__main__":
    if "--no-cache" in sys.argv[1:]:
        chain.with_options(enable_cache=False)()
    else:
        chain()
