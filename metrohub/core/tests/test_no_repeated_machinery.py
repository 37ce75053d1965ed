"""No two views repeat the same machinery: two or more statements in a row, six lines or more,
of the same shape (alike but for names, strings and numbers) in two functions of the apps'
`views/` modules. Such a run is a step every page of its kind takes (find the record, save it or
add to it, call the service, go back), and belongs once in core (`core/form_pages.py`:
`edit_page`, `record_form`, `record_action`; `Listing.views` in `core/lists.py`) or in the app's
own helper. What a view states once — a call to that helper with its form, service and messages,
a `Listing` with its columns — is a declaration, and is not counted: a single statement, or
anything outside a function, never makes a run."""

import ast
import copy
from collections import defaultdict
from pathlib import Path

import metrohub

ROOT = Path(metrohub.__file__).parent
RUN = 2  # statements in a row
MIN_LINES = 6


class _Shape(ast.NodeTransformer):
    """Blank every name, attribute, argument, keyword and constant: what is left is the shape."""

    def visit_Name(self, node):
        return ast.Name(id="_", ctx=node.ctx)

    def visit_Constant(self, node):
        return ast.Constant(value=None)

    def visit_Attribute(self, node):
        self.generic_visit(node)
        node.attr = "_"
        return node

    def visit_arg(self, node):
        return ast.arg(arg="_")

    def visit_keyword(self, node):
        self.generic_visit(node)
        node.arg = node.arg and "_"
        return node

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.name, node.decorator_list, node.returns = "_", [], None
        return node


def _shape(statement: ast.stmt) -> str:
    return ast.dump(_Shape().visit(copy.deepcopy(statement)))


def _body(function) -> list[ast.stmt]:
    return [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]


def repeated_machinery() -> list[list[str]]:
    """Each run of statements that stands in more than one view function, with its places."""
    places = defaultdict(list)
    for path in sorted(ROOT.glob("*/views/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = _body(function)
            shapes = [_shape(statement) for statement in body]
            for start in range(len(body) - RUN + 1):
                first, last = body[start], body[start + RUN - 1]
                if last.end_lineno - first.lineno + 1 < MIN_LINES:
                    continue
                where = (
                    f"{path.relative_to(ROOT).as_posix()}:{first.lineno}-{last.end_lineno} {function.name}"
                )
                places[tuple(shapes[start : start + RUN])].append(where)
    return [found for found in places.values() if len(found) > 1]


def test_no_two_views_repeat_the_same_machinery():
    assert repeated_machinery() == []


def test_the_check_finds_machinery_written_twice_and_passes_declarations(tmp_path, monkeypatch):
    views = tmp_path / "shop" / "views"
    views.mkdir(parents=True)
    (views / "staff.py").write_text(
        """
def shelf_add(request, shop_pk):
    shop = get_object_or_404(Shop, pk=shop_pk)
    return action(
        request,
        lambda data: services.shelf_add(actor=request.user, shop=shop, **data),
        form=ShelfForm,
        invalid_message=_("A shelf needs a name."),
        back=reverse("shop:shop", args=[shop.pk]),
    )


def till_add(request, shop_pk):
    shop = get_object_or_404(Shop, pk=shop_pk)
    return action(
        request,
        lambda data: services.till_add(actor=request.user, shop=shop, **data),
        form=TillForm,
        invalid_message=_("A till needs a number."),
        back=reverse("shop:shop", args=[shop.pk]),
    )


def shop_edit(request, shop_pk=None):
    return edit_page(
        request,
        Shop,
        shop_pk,
        ShopForm,
        template="shop/form.html",
        name="shop",
    )


def shelf_edit(request, shelf_pk=None):
    return edit_page(
        request,
        Shelf,
        shelf_pk,
        ShelfForm,
        template="shop/shelf_form.html",
        name="shelf",
    )
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert repeated_machinery() == [
        ["shop/views/staff.py:3-10 shelf_add", "shop/views/staff.py:14-21 till_add"]
    ]
