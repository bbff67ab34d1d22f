"""Printed output of finished claims (CMS-1500 worksheet and red-form data print).

Entry points: ``output.pdf.render_claims`` and ``output.redform.alignment_test_pdf``.
This package takes claims as values and never queries the store (architecture.md).
"""
