"""The page both reports are printed on: one self-contained HTML file, its charts and tables, and the safety
around them (Jinja's autoescaping, charts as escaped JSON, a Content Security Policy that allows only the page's
own two scripts, named by their SHA-256 hashes)."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from jobsearch_analysis.errors import OutputError
from jobsearch_analysis.ingest.loading import first_names
from jobsearch_analysis.present import words as wording
from jobsearch_analysis.present.export import write_csv

Progress = Callable[[str], None]
"""Called with the name of each step as a report is built (the command line prints them)."""

RENDER_CHARTS = """
(function () {
  var blocks = document.querySelectorAll('script[type="application/json"][data-chart]');
  var drawn = [];
  blocks.forEach(function (block) {
    var figure = JSON.parse(block.textContent);
    var target = document.getElementById(block.getAttribute('data-chart'));
    drawn.push(Plotly.newPlot(target, figure.data, figure.layout, {displaylogo: false, responsive: true}));
  });
  Promise.all(drawn).then(function () {
    document.documentElement.setAttribute('data-charts-drawn', String(drawn.length));
  });
})();
"""


@dataclass(frozen=True)
class Chart:
    """One chart of the report: ``key`` names its element and its PNG file; ``figure`` is the plotly figure."""

    key: str
    figure: go.Figure

    @property
    def title(self) -> str:
        text = self.figure.layout.title.text or self.key
        return text.split("<br>")[0]


@dataclass(frozen=True)
class Table:
    """A table ready for the page: every cell is already a string (the template escapes it)."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    caption: str = ""
    whole: list[bool] = field(default_factory=list)  # columns never broken across lines (ids)
    hidden: int = 0  # rows of the frame beyond the ones listed (the page says how many)


@dataclass(frozen=True)
class Report:
    """What :func:`jobsearch_analysis.present.report.build` and :func:`jobsearch_analysis.present.cohort_report.
    build_cohort` return.

    html     the whole report, one self-contained HTML page
    charts   the charts in the order they appear
    tables   the frames behind the report's tables, as the library returned them (``write_tables`` saves them)
    advice   the full table of :func:`jobsearch_analysis.recommend` (empty when replies are not recorded)
    brief    the advice to read first (:func:`jobsearch_analysis.analysis.pivot.in_brief`)
    """

    html: str = field(repr=False)
    charts: tuple[Chart, ...]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    advice: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    brief: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def write(self, path: str | os.PathLike) -> Path:
        """Write the HTML page (UTF-8); the folder is made if needed."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def write_pngs(self, directory: str | os.PathLike, *, width: int = 1000, scale: float = 2) -> list[Path]:
        """Every chart as a PNG file named after its key (kaleido, which drives the system's Chromium)."""
        import plotly.io as pio

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = [directory / f"{chart.key}.png" for chart in self.charts]
        if not paths:
            return paths
        try:
            import kaleido  # noqa: F401
        except ImportError:
            raise OutputError("saving charts as PNG needs kaleido: pip install 'jobsearch-analysis[png]'") from None
        try:
            figures = [c.figure for c in self.charts]
            # Each chart at the height it was laid out for (the batch call would draw them all 500 px high).
            heights = [int(f.layout.height or 500) for f in figures]
            pio.write_images(figures, paths, width=width, height=heights, scale=scale)
        except Exception as error:  # kaleido's own errors name Chrome; say what to do here
            raise OutputError(
                f"could not draw the charts as PNG ({type(error).__name__}: {str(error).splitlines()[0]}); kaleido "
                "needs Chromium: install it (Debian or Ubuntu: apt-get install chromium) or name it in BROWSER_PATH"
            ) from error
        return paths

    def write_tables(self, directory: str | os.PathLike) -> list[Path]:
        """Every table behind the report as CSV, guarded against spreadsheet formula injection."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.tables.items():
            path = directory / f"{name}.csv"
            write_csv(frame, path)
            paths.append(path)
        return paths


# ----------------------------------------------------------------------------------------------- tables
def table(
    frame: pd.DataFrame,
    columns: dict[str, tuple[str, Callable[[object], str]]],
    caption: str = "",
    *,
    whole: tuple[str, ...] = (),
    limit: int | None = None,
) -> Table:
    """``columns`` maps a column of ``frame`` to its header and how to show a value of it; the ``whole`` columns
    (ids) are never broken across lines. With a ``limit``, only the first ``limit`` rows are listed and the table
    counts the others (``hidden``), so that a page stays readable, and small, however long the log."""
    listed = frame if limit is None else frame.head(limit)
    rows = [[show(value) for value, (_, show) in zip(values, columns.values(), strict=True)] for values in
            listed[list(columns)].itertuples(index=False, name=None)]  # fmt: skip
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in columns]
    headers = [header for header, _ in columns.values()]
    return Table(headers, rows, numeric, caption, [c in whole for c in columns], len(frame) - len(listed))


# ----------------------------------------------------------------------------------------------- rendering
def figure_json(figure: go.Figure) -> Markup:
    """The figure as JSON that is safe inside a <script type="application/json"> block: ``<``, ``>`` and ``&``
    (which JSON only holds inside strings) become \\u escapes, so no text can close the block."""
    text = figure.to_json()
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return Markup(text)


def sha256(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def plotly_library() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def render(context: dict, shown: list[Chart], template: str = "report.html.j2") -> str:
    from jobsearch_analysis import __version__

    environment = Environment(
        loader=PackageLoader("jobsearch_analysis.present", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["words"] = wording.column_words
    environment.filters["some"] = first_names  # 20 of a sheet's 5,000 own columns, and how many more
    environment.filters["count"] = lambda n: n if isinstance(n, str) else wording.count(n)  # "fewer than 5" stays
    environment.filters["plural"] = lambda n, one, many: wording.plural(int(float(str(n).replace(",", ""))), one, many)
    library = plotly_library() if shown else ""
    scripts = [s for s in (library, RENDER_CHARTS if shown else "") if s]
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + (" ".join(f"'{sha256(s)}'" for s in scripts) if scripts else "'none'"),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    charts_by_key = {
        chart.key: {"id": f"chart-{chart.key}", "title": chart.title, "json": figure_json(chart.figure)}
        for chart in shown
    }
    page = environment.get_template(template).render(
        **context,
        charts=charts_by_key,
        policy=policy,
        plotly_js=Markup(library),
        render_charts=Markup(RENDER_CHARTS),
        version=__version__,
    )
    return page


__all__ = ["Chart", "Progress", "Report", "Table", "render", "table"]
