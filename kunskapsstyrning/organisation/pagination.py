"""Numbered pagination shared by every list page (templates/includes/page_numbers.html)."""

from django.http import QueryDict


def page_links(page, query: QueryDict, param: str = "page") -> dict:
    """The pagination nav of a list: previous and next, and the numbered pages around the current
    one (Paginator.get_elided_page_range), each with its address keeping the other parameters
    (`query` without `param`: the filters, another list's page on the same page)."""
    base = query.urlencode()
    prefix = f"?{base}&{param}=" if base else f"?{param}="
    if page.paginator.num_pages <= 1:
        return {}
    numbers = []
    for n in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if isinstance(n, int):
            numbers.append({"number": n, "url": f"{prefix}{n}", "current": n == page.number})
        else:
            numbers.append({"ellipsis": True})
    return {
        "previous": f"{prefix}{page.previous_page_number()}" if page.has_previous() else "",
        "next": f"{prefix}{page.next_page_number()}" if page.has_next() else "",
        "numbers": numbers,
        "first_shown": page.start_index(),
        "last_shown": page.end_index(),
        "num_pages": page.paginator.num_pages,
    }


def without(query: QueryDict, *params: str) -> QueryDict:
    """A copy of `query` without `params`."""
    query = query.copy()
    for param in params:
        query.pop(param, None)
    return query
