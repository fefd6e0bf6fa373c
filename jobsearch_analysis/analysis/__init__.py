"""Analysis: numbers and codes only (survival curves, rates, the pivot test, cohort outcomes). Nothing here reads
a file, draws a chart or phrases a sentence for a person."""
