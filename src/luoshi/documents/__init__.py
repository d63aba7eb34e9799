"""The documents the office circulates, built from the tracking data (plain modules, not a Django app).

- layout.py: the 公文 layout every Word document shares (A4 and its margins, the faces with their
  fallbacks, title and headings, ruled tables, page numbers "— 1 —").
- decomposition_rows.py: a plan's areas and task rows as the decomposition documents show them;
  decomposition_xlsx.py: the 重点工作任务分解表 (.xlsx); table_import.py: the table back from Excel;
  decomposition_docx.py: the 重点工作任务分解方案 (.docx).
- bulletin*.py: the 督查通报 (.docx and .pdf).
"""
