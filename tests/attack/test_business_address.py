"""A store's delivery address is business text (locations.address, printed on purchase orders):
the shop's own phone number and street stay, but personal data planted in it is still masked, and
an "address" column anywhere else is still refused as a person's (docs/security.md)."""

from __future__ import annotations

from stockpilot.domain import privacy
from stockpilot.services.importing import import_file

SHOP = "Shop 3, G/F, 688 Nathan Road, Mong Kok / 旺角彌敦道688號地下3號舖 Tel 2388 1234"
PLANTED = (
    "Flat B, 12/F, 8 King Street, Attn Ms Chan Tai Man, chan.taiman@example.com, "
    "HKID A123456(3), card 4111 1111 1111 1111"
)


def _addresses(db) -> dict[str, str]:
    return dict(db.engine.connection.execute("SELECT location_id, address FROM locations").fetchall())


def test_a_stores_phone_and_street_stay_in_its_address(shop_db, settings, tmp_path):
    path = tmp_path / "locations.csv"
    path.write_text(
        f'location_id,name_en,kind,address\nST01,Mong Kok Store,store,"{SHOP}"\nST02,Causeway Bay,store,"{PLANTED}"\n',
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    assert report.quarantined == 0 and "address" not in report.refused_columns
    addresses = _addresses(shop_db)
    assert addresses["ST01"] == SHOP  # a business's phone and street are what a supplier needs
    planted = addresses["ST02"]
    for person in ("Chan Tai Man", "chan.taiman", "A123456", "4111 1111"):
        assert person not in planted, person
    for kind in ("name", "email", "hkid", "card_number"):
        assert f"[{kind} removed]" in planted
    assert "Flat B, 12/F, 8 King Street" in planted  # the address itself: business text
    assert report.masked_values == 1  # one value masked: the planted one; the shop's address is untouched


def test_an_address_column_elsewhere_is_still_a_persons(shop_db, settings, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("sku,name_en,address\nA1,Rice,Flat B 12/F 8 King Street\n", encoding="utf-8")
    report = import_file(shop_db, path, settings)
    assert report.refused_columns == {"address": "address"}
    path = tmp_path / "locations.csv"
    path.write_text("location_id,name_en,kind,email\nST03,Sha Tin,store,shop@example.com\n", encoding="utf-8")
    assert import_file(shop_db, path, settings).refused_columns == {"email": "email"}


def test_business_text_masks_only_what_names_a_person():
    masked, count = privacy.mask_personal_data(PLANTED + " Tel 2388 1234", kinds=privacy.BUSINESS_TEXT_KINDS)
    assert count == 4 and "2388 1234" in masked and "12/F" in masked
    full, _ = privacy.mask_personal_data(PLANTED + " Tel 2388 1234")
    assert "2388 1234" not in full and "12/F" not in full  # ordinary free text masks all of it
