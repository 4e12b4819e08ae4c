"""The monthly language course overview (Sprachkursübersicht) as HTML, PDF, XLSX and CSV."""
