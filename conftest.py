"""Test set-up for the whole repository: notebooks run under nbval with a fixed plotly renderer, so their
figures come out the same way on every machine (set before any kernel starts)."""

import os

os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
