"""Reads a page's form as a browser would submit it, so tests can post it back with a few changes."""

from lxml import html


def form_data(response, form_index=-1):
    """The fields of a form on the page (by default the last one, the admin's main form), as a POST dict."""
    form = html.fromstring(response.content.decode()).forms[form_index]
    data = {}
    for element in form.inputs:
        name = element.name
        if not name or element.tag == "button":
            continue
        if element.tag == "select":
            values = [o.get("value", o.text or "") for o in element.xpath(".//option[@selected]")]
            if element.multiple:
                data[name] = values
            elif values:
                data[name] = values[0]
            continue
        kind = element.get("type", "text")
        if kind in ("submit", "button", "image", "file", "reset"):
            continue
        if kind in ("checkbox", "radio"):
            if element.checked:
                data[name] = element.get("value", "on")
            continue
        if element.tag == "textarea":
            # As in browsers, one newline right after <textarea> is not part of the value (Django writes one).
            text = element.text or ""
            data[name] = text[1:] if text.startswith("\n") else text
        else:
            data[name] = element.get("value", "")
    return data
