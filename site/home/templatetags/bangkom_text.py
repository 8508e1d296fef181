from django import template
from django.utils.safestring import SafeData, mark_safe

from config.numbers import number_text
from people.text import single_stop as _single_stop
from people.user_agents import browser_label

register = template.Library()


@register.filter(is_safe=True)
def single_stop(value):
    """{{ message|single_stop }}: no double full stop after a name that ends in one."""
    text = _single_stop(str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308


@register.filter
def number(value, places=1):
    """{{ value|number:2 }}: floatformat without a negative zero (config.numbers)."""
    return number_text(value, places)


@register.filter
def browser(user_agent):
    """{{ session.user_agent|browser }}: "Chrome di Windows" (people.user_agents)."""
    return browser_label(user_agent or "")
