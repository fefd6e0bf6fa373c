"""Present: everything a person reads or looks at: charts, the HTML reports and their templates, CSV export, and
the wording of numbers."""
