import pytest

from novex import bootstrap
from novex.access import Actor, Role
from novex.errors import Forbidden, InvalidInput, StateConflict
from novex.store.tables.accounts import UserRow
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

OPERATOR = Actor.operator()


def add(db, actor=OPERATOR, **kw):
    kw = {"email": "a@provincie-utrecht.nl", "naam": "A", "role": "provincie", "password": "lang-genoeg-wachtwoord",
          "provincie": "PV26"} | kw  # fmt: skip
    with db.session() as session:
        return bootstrap.account_service(session).add_user(actor, **kw)


def test_password_is_stored_as_argon2id_and_login_works(db):
    user = add(db)
    with db.session() as session:
        row = session.get(UserRow, user.id)
        assert row.password_hash.startswith("$argon2id$") and "lang-genoeg" not in row.password_hash
        service = bootstrap.account_service(session)
        assert service.authenticate("A@Provincie-Utrecht.nl", "lang-genoeg-wachtwoord").id == user.id
        with pytest.raises(Forbidden, match="onjuiste combinatie"):
            service.authenticate("a@provincie-utrecht.nl", "fout")
        with pytest.raises(Forbidden, match="onjuiste combinatie"):
            service.authenticate("onbekend@x.nl", "lang-genoeg-wachtwoord")


def test_tokens_resolve_to_their_user_and_are_stored_hashed(db):
    user = add(db)
    with db.session() as session:
        service = bootstrap.account_service(session)
        token = service.issue_token(user)
        assert service.user_for_token(token).email == user.email
        assert service.user_for_token(token + "x") is None
        assert token not in str(session.execute(UserRow.__table__.select()).all())


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"email": "geen-adres"}, "geen e-mailadres"),
        ({"role": "koning"}, "onbekende rol 'koning'"),
        ({"provincie": None}, "hoort bij een provincie"),
        ({"provincie": "PV99"}, "onbekende provincie"),
        ({"role": "lezer"}, "alleen de rol 'provincie'"),
        ({"password": "kort"}, "minstens 12 tekens"),
    ],
)
def test_bad_accounts_are_refused(db, kw, message):
    with pytest.raises((InvalidInput, Exception), match=message):
        add(db, **kw)


def test_only_a_beheerder_adds_users_and_emails_are_unique(db):
    add(db)
    with pytest.raises(StateConflict, match="bestaat al"):
        add(db)
    planner = Actor(1, "a@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")
    with pytest.raises(Forbidden, match="mag niet: gebruikers beheren"):
        add(db, actor=planner, email="b@x.nl")


def test_a_province_user_cannot_import_into_another_province(db, tmp_path):
    planner = Actor(1, "a@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")
    path = write_geojson(
        tmp_path / "zh.geojson", [feature(square(92_000, 437_000, 100), naam="Den Haag", domein="wonen")]
    )
    with db.session() as session, pytest.raises(Forbidden, match="mag geen gegevens van PV28 wijzigen"):
        bootstrap.claim_service(session).import_file(planner, path, voorstel="ZH", provincie="PV28")
    own = write_geojson(tmp_path / "u.geojson", [feature(square(*UTRECHT, 100), naam="Eigen", domein="wonen")])
    with db.session() as session:
        report = bootstrap.claim_service(session).import_file(planner, own, voorstel="U", provincie="PV26")
    assert report.voorstel.provincie == "PV26"


def test_lockout_after_five_failures(db):
    from datetime import UTC, datetime, timedelta

    add(db)
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    with db.session() as session:
        service = bootstrap.account_service(session)
        for _ in range(5):
            with pytest.raises(Forbidden, match="onjuiste combinatie"):
                service.authenticate("a@provincie-utrecht.nl", "fout", now=now)
        with pytest.raises(Forbidden, match="tijdelijk geblokkeerd"):
            service.authenticate("a@provincie-utrecht.nl", "lang-genoeg-wachtwoord", now=now + timedelta(minutes=5))
        assert service.authenticate("a@provincie-utrecht.nl", "lang-genoeg-wachtwoord", now=now + timedelta(minutes=16))
        # a success resets the counter: four new failures do not lock
        for _ in range(4):
            with pytest.raises(Forbidden, match="onjuiste combinatie"):
                service.authenticate("a@provincie-utrecht.nl", "fout", now=now + timedelta(minutes=17))
        assert service.authenticate("a@provincie-utrecht.nl", "lang-genoeg-wachtwoord", now=now + timedelta(minutes=18))
