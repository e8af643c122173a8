from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from toegang.accounts.roles import Role
from toegang.catalogus import bp
from toegang.catalogus import operations as ops
from toegang.catalogus import producten as producten_ops
from toegang.catalogus.forms import AanbiederForm, ProductForm, TariefForm
from toegang.catalogus.models import Aanbieder, Product
from toegang.extensions import db
from toegang.forms import EmptyForm
from toegang.security import require_roles, role_required
from toegang.validation import parse_euro
from toegang.web import run_operation


@bp.route("/codelijsten")
@role_required(*ops.VIEW_ROLES)
def codelijsten() -> Any:
    return render_template("catalogus/codelijsten.html", lists=ops.all_lists_for_view(current_user))


@bp.route("/wijken")
@role_required(*ops.VIEW_ROLES)
def wijken() -> Any:
    return render_template("catalogus/wijken.html", wijken=ops.wijken_for(current_user))


# ----------------------------------------------------------------------------- producten and aanbieders

def _cents(raw: str | None, field: str) -> int | None:
    return parse_euro(raw, field)


@bp.route("/producten")
@role_required(*producten_ops.READERS)
def producten() -> Any:
    wet = request.args.get("wet") or None
    from toegang.inwoners.operations import today

    return render_template("catalogus/producten.html", products=producten_ops.products(current_user, wet), wet=wet,
                           vandaag=today())


def _product_form(product: Any = None) -> Any:
    form = ProductForm(obj=product) if product is not None and request.method == "GET" else ProductForm()
    form.eenheid.choices = ops.code_choices("eenheid")
    form.frequenties.choices = ops.code_choices("frequentie")
    if product is not None and request.method == "GET":
        form.frequenties.data = product.frequentie_codes
    return form


def _product_gegevens(form: Any) -> Any:
    return producten_ops.ProductGegevens(
        productcode=form.productcode.data or "", wet=form.wet.data, productcategorie=form.productcategorie.data or "",
        naam=form.naam.data or "", eenheid=form.eenheid.data, frequenties=list(form.frequenties.data or []),
        active=bool(form.active.data))


@bp.route("/producten/nieuw", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def product_new() -> Any:
    form = _product_form()
    if form.validate_on_submit():
        ok, product = run_operation(form, producten_ops.save_product, current_user, _product_gegevens(form))
        if ok and product is not None:
            flash("Het product is opgeslagen. Leg nu het tarief vast.", "success")
            return redirect(url_for("catalogus.product_detail", product_id=product.id))
    return render_template("catalogus/product_form.html", form=form, product=None,
                           tarief_form=TariefForm(formdata=None, prefix="tarief"))


@bp.route("/producten/<int:product_id>", methods=["GET", "POST"])
@role_required(*producten_ops.READERS)
def product_detail(product_id: int) -> Any:
    product = db.get_or_404(Product, product_id)
    form = _product_form(product)
    if request.method == "POST":
        require_roles(current_user, (Role.FUNCTIONEEL_BEHEERDER,), "save_product", object_type="product",
                      object_id=product.id)
        if form.validate_on_submit():
            ok, _ = run_operation(form, producten_ops.save_product, current_user, _product_gegevens(form), product)
            if ok:
                flash("Het product is opgeslagen.", "success")
                return redirect(url_for("catalogus.product_detail", product_id=product.id))
    return render_template("catalogus/product_form.html", form=form, product=product,
                           tarief_form=TariefForm(formdata=None, prefix="tarief"), **_tarief_context())


@bp.route("/producten/<int:product_id>/tarieven", methods=["POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def tarief_add(product_id: int) -> Any:
    product = db.get_or_404(Product, product_id)
    tarief_form = TariefForm(prefix="tarief")
    if tarief_form.validate_on_submit():
        ok, _ = run_operation(tarief_form, lambda: producten_ops.add_tarief(
            current_user, product, _cents(tarief_form.bedrag.data, "bedrag"), tarief_form.geldig_van.data,
            tarief_form.geldig_tot.data))
        if ok:
            flash("Het tarief is vastgelegd.", "success")
            return redirect(url_for("catalogus.product_detail", product_id=product.id) + "#tarieven")
    return render_template("catalogus/product_form.html", form=_product_form(product), product=product,
                           tarief_form=tarief_form, **_tarief_context()), 422


def _tarief_context() -> dict[str, Any]:
    from toegang.inwoners.operations import today

    return {"vandaag": today(), "empty_form": EmptyForm()}


@bp.route("/producten/<int:product_id>/tarieven/<int:tarief_id>/verwijderen", methods=["POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def tarief_remove(product_id: int, tarief_id: int) -> Any:
    product = db.get_or_404(Product, product_id)
    if EmptyForm().validate_on_submit():
        # A refusal (the tariff already applies) comes back as a message on the product page.
        ok, _ = run_operation(None, producten_ops.remove_tarief, current_user, product, tarief_id)
        if ok:
            flash("Het tarief is verwijderd.", "success")
    return redirect(url_for("catalogus.product_detail", product_id=product.id) + "#tarieven")


@bp.route("/aanbieders")
@role_required(*producten_ops.READERS)
def aanbieders() -> Any:
    return render_template("catalogus/aanbieders.html", aanbieders=producten_ops.aanbieders(current_user))


def _aanbieder_form(aanbieder: Any = None) -> Any:
    form = AanbiederForm(obj=aanbieder) if aanbieder is not None and request.method == "GET" else AanbiederForm()
    form.producten.choices = [(p.id, f"{p.productcode} – {p.naam}")
                              for p in producten_ops.products(current_user) if p.active]
    if aanbieder is not None and request.method == "GET":
        form.producten.data = [p.id for p in aanbieder.producten]
    return form


def _aanbieder_gegevens(form: Any) -> Any:
    return producten_ops.AanbiederGegevens(
        naam=form.naam.data or "", kvk=form.kvk.data or "", agb=form.agb.data or "",
        regionaal_gecontracteerd=bool(form.regionaal_gecontracteerd.data),
        product_ids=list(form.producten.data or []), active=bool(form.active.data))


@bp.route("/aanbieders/nieuw", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def aanbieder_new() -> Any:
    form = _aanbieder_form()
    if form.validate_on_submit():
        ok, a = run_operation(form, producten_ops.save_aanbieder, current_user, _aanbieder_gegevens(form))
        if ok and a is not None:
            flash("De aanbieder is opgeslagen.", "success")
            return redirect(url_for("catalogus.aanbieders"))
    return render_template("catalogus/aanbieder_form.html", form=form, aanbieder=None)


@bp.route("/aanbieders/<int:aanbieder_id>", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def aanbieder_edit(aanbieder_id: int) -> Any:
    aanbieder = db.get_or_404(Aanbieder, aanbieder_id)
    form = _aanbieder_form(aanbieder)
    if form.validate_on_submit():
        ok, _ = run_operation(form, producten_ops.save_aanbieder, current_user, _aanbieder_gegevens(form), aanbieder)
        if ok:
            flash("De aanbieder is opgeslagen.", "success")
            return redirect(url_for("catalogus.aanbieders"))
    return render_template("catalogus/aanbieder_form.html", form=form, aanbieder=aanbieder)
