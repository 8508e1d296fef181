"""`{% catalog_personal name arg %}`: in a catalog page's shared body
(learning.catalog.cache.shared_render), the place where a personal part goes
(enrollment controls for a session, the viewer's eligibility). It is filled for
each request, so the shared body itself holds nothing personal."""
from django import template

from learning.catalog.cache import personal_slot_mark

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_personal(context, name: str, arg="") -> str:
    return personal_slot_mark(context, name, arg)
