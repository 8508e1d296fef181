from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from people.models import Employee, Position, Rank, Unit, User
from people.services.employees import employee_deactivate


@admin.register(User)
class BangkomUserAdmin(UserAdmin):
    pass


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "job_class"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "employment_type", "order"]
    list_filter = ["employment_type"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["nip", "name", "employment_type", "rank", "position", "unit", "supervisor"]
    list_filter = ["employment_type", "position__kind", "is_active"]
    search_fields = ["nip", "name", "email"]
    autocomplete_fields = ["supervisor", "unit", "position", "user"]
    list_select_related = ["rank", "position", "unit", "supervisor"]
    actions = ["deactivate_and_end_login"]

    @admin.action(description=_("Deactivate and end their logins"))
    def deactivate_and_end_login(self, request, queryset) -> None:
        # The same service as HR's status page, so "every right ends" holds here too.
        for employee in queryset:
            employee_deactivate(employee=employee, end_login=True)
