"""`python -m permits.cli`: the same as the `permits` console script."""

from permits.cli import main

main()
