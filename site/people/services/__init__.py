"""Write-side business rules of the people app."""
from people.services.employee_import import ImportResult, RowError, employee_import

__all__ = ["ImportResult", "RowError", "employee_import"]
