"""Test set-up for the whole repository: notebooks run under nbval with a fixed plotly renderer, so their
figures come out the same way on every machine, and with a pseudonym secret of the run's own (notebook 03
refuses to run without one, as it should). Both are set before any kernel starts."""

import os
import secrets

os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
os.environ.setdefault("JOBSEARCH_SECRET", secrets.token_urlsafe(32))
