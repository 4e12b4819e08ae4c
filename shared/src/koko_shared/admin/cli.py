"""`koko-admin`: command line for the key chores of docs/operations.md.

    koko-admin api-key create --role integrator --region 150000000000 --study <id> \\
        --subject "Landesamt import" --keys-file /etc/koko/api-keys.json
    koko-admin api-key list --keys-file /etc/koko/api-keys.json
    koko-admin api-key revoke --id 3f2a9c01d4e5 --keys-file /etc/koko/api-keys.json
    koko-admin pseudonym-key add --keys-file /etc/koko/pseudonym-keys.json
    koko-admin pseudonym-key list --keys-file /etc/koko/pseudonym-keys.json
    koko-admin identity-key generate|rotate|prune --dir keys   # gateway -> subgraph identity
    koko-admin webhook-key generate
    koko-admin webhook-key rotate --current-env OFFERS_WEBHOOK_SECRET_KEY
    koko-admin secrets init --dir /run/koko-secrets        # docker compose, first start
    koko-admin demo load --credentials-file /run/koko-secrets/demo-credentials.txt ...
    koko-admin database provision --service offers --admin-url postgresql://postgres@db/postgres
    koko-admin database migrate --service offers      # reads OFFERS_DATABASE_URL
    koko-admin database backup --service offers --to /backups --keep-days 14
    koko-admin database restore --dump /backups/offers-20261129T030000Z.dump --service offers
    koko-admin report monitoring --region 150030000000 --study <id> --release latest \\
        --format pdf --out bericht.pdf --gateway-url https://koko.example.de  # KOKO_TOKEN

A new secret is printed once on stdout (for a pipe or a password manager); everything else goes
to stderr. Exit status 2 for a mistake in the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from koko_shared.admin import (
    api_keys,
    databases,
    demo,
    identity_key_rotation,
    pseudonym_keys,
    reports,
    secrets_folder,
    service_keys,
)
from koko_shared.admin.api_keys import AdminError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="koko-admin", description=__doc__.split("\n")[0])
    nouns = parser.add_subparsers(dest="noun", required=True)

    api_key = nouns.add_parser("api-key", help="API keys of machines (stored as hashes)")
    api_key_verbs = api_key.add_subparsers(dest="verb", required=True)
    create = api_key_verbs.add_parser("create", help="mint a key; it is shown once")
    create.add_argument("--role", required=True, help="integrator, partner, provider, ...")
    create.add_argument("--region", required=True, help="12-digit ARS ('*' for admin only)")
    create.add_argument(
        "--study", action="append", default=[], help="study id (integrator; repeatable)"
    )
    create.add_argument("--organization", help="provider id (provider keys)")
    create.add_argument("--subject", required=True, help="who uses the key (shown in audits)")
    create.add_argument("--keys-file", required=True, type=Path)
    list_keys = api_key_verbs.add_parser("list", help="keys by id, subject and grants")
    list_keys.add_argument("--keys-file", required=True, type=Path)
    revoke = api_key_verbs.add_parser("revoke", help="remove a key (effective at once)")
    revoke.add_argument("--id", dest="key_id", help="key id shown by `list`")
    revoke.add_argument("--subject", help="revoke every key of this subject")
    revoke.add_argument("--keys-file", required=True, type=Path)

    pseudonym = nouns.add_parser("pseudonym-key", help="surveys pseudonym master keys")
    pseudonym_verbs = pseudonym.add_subparsers(dest="verb", required=True)
    for verb, text in (("add", "add a new key version (rotation)"), ("list", "key versions")):
        command = pseudonym_verbs.add_parser(verb, help=text)
        command.add_argument("--keys-file", required=True, type=Path)

    identity = nouns.add_parser("identity-key", help="the gateway's identity key pair (Ed25519)")
    identity_verbs = identity.add_subparsers(dest="verb", required=True)
    for verb, text in (
        ("generate", "a new key pair (private PEM for the gateway, public JWKS for subgraphs)"),
        ("rotate", "new private key; the public set holds the new and the old key"),
        ("prune", "after the gateways switched: only the current public key"),
    ):
        identity_verbs.add_parser(verb, help=text).add_argument("--dir", required=True, type=Path)

    webhook = nouns.add_parser("webhook-key", help="key encrypting webhook secrets at rest")
    webhook_verbs = webhook.add_subparsers(dest="verb", required=True)
    webhook_verbs.add_parser("generate", help="a new key for OFFERS_WEBHOOK_SECRET_KEY")
    rotate = webhook_verbs.add_parser("rotate", help="the setting's new value: new key first")
    rotate.add_argument(
        "--current-env", required=True, help="variable holding the current setting's value"
    )

    database = nouns.add_parser("database", help="service roles, databases and migrations")
    database_verbs = database.add_subparsers(dest="verb", required=True)
    provision = database_verbs.add_parser(
        "provision", help="create a service's role and the database it owns (as the admin)"
    )
    provision.add_argument("--service", required=True, choices=databases.SERVICES)
    provision.add_argument("--admin-url", required=True, help="a superuser's URL of the server")
    provision.add_argument(
        "--password-env",
        help="environment variable holding the role's password (default: a new random one)",
    )
    migrate = database_verbs.add_parser("migrate", help="apply the service's migrations")
    migrate.add_argument("--service", required=True, choices=databases.SERVICES)
    migrate.add_argument(
        "--database-url", help="default: the service's <SERVICE>_DATABASE_URL variable"
    )
    backup = database_verbs.add_parser("backup", help="pg_dump the service's database")
    backup.add_argument("--service", required=True, choices=databases.SERVICES)
    backup.add_argument("--to", required=True, type=Path, help="folder of the dump files")
    backup.add_argument("--keep-days", type=int, help="remove this service's older dumps")
    backup.add_argument("--database-url", help="default: <SERVICE>_DATABASE_URL")
    restore = database_verbs.add_parser(
        "restore", help="restore a dump into the service's (empty, provisioned) database"
    )
    restore.add_argument("--service", required=True, choices=databases.SERVICES)
    restore.add_argument("--dump", required=True, type=Path)
    restore.add_argument("--database-url", help="default: <SERVICE>_DATABASE_URL")
    admin_url = database_verbs.add_parser(
        "admin-url",
        help="the superuser URL of the embedded PostgreSQL of `make run` (started if needed), "
        "for rehearsing provision, backup and restore locally",
    )
    admin_url.add_argument("--data-dir", type=Path, help="default: KOKO_DATA_DIR or .koko/data")

    secrets = nouns.add_parser("secrets", help="a single host's secrets, made on first start")
    secrets_verbs = secrets.add_subparsers(dest="verb", required=True)
    init = secrets_verbs.add_parser("init", help="create missing secrets and koko.env")
    init.add_argument("--dir", required=True, type=Path)
    init.add_argument("--postgres-host", default="postgres")
    init.add_argument(
        "--split",
        type=Path,
        help="also write each container's share of the secrets into SPLIT/<container>/",
    )

    demo_noun = nouns.add_parser("demo", help="demo data and demo credentials")
    demo_verbs = demo_noun.add_subparsers(dest="verb", required=True)
    load = demo_verbs.add_parser("load", help="load the demo; write its credentials to a file")
    load.add_argument("--credentials-file", required=True, type=Path)
    load.add_argument("--idp-dir", required=True, type=Path, help="the demo identity provider")
    load.add_argument("--api-keys-file", required=True, type=Path)
    load.add_argument("--issuer", required=True)
    load.add_argument("--audience", required=True)
    load.add_argument("--base-url", default="http://localhost:8000")

    report = nouns.add_parser("report", help="reports made by the services")
    report_verbs = report.add_subparsers(dest="verb", required=True)
    monitoring = report_verbs.add_parser(
        "monitoring", help="the council's monitoring report of a region from a survey release"
    )
    monitoring.add_argument("--region", required=True, help="12-digit ARS")
    monitoring.add_argument("--study", required=True, help="id of the study")
    monitoring.add_argument("--release", default="latest", help="release id or 'latest'")
    monitoring.add_argument("--date", help="date of the catalogue figures (YYYY-MM-DD)")
    monitoring.add_argument("--format", choices=("pdf", "html"), default="pdf")
    monitoring.add_argument("--lang", choices=("de", "en"), default="de")
    monitoring.add_argument("--out", required=True, type=Path)
    monitoring.add_argument("--gateway-url", default="http://localhost:8000")
    monitoring.add_argument(
        "--token-env",
        default="KOKO_TOKEN",
        help="environment variable holding a coordinator's bearer token",
    )
    return parser


def _database_url(args: argparse.Namespace) -> str:
    url: str | None = args.database_url or os.environ.get(f"{args.service.upper()}_DATABASE_URL")
    if not url:
        raise AdminError(f"give --database-url or set {args.service.upper()}_DATABASE_URL")
    return url


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.noun == "api-key" and args.verb == "create":
        grant = api_keys.grant_from_options(args.role, args.region, args.study, args.organization)
        key = api_keys.create(args.keys_file, subject=args.subject, grant=grant)
        _err(f"API key for {args.subject} ({grant.role.value} in {grant.region}) stored as a hash")
        _err(f"in {args.keys_file}. It is shown once, below; keep it in a password manager.")
        print(key)
    elif args.noun == "api-key" and args.verb == "list":
        for stored in api_keys.listed(args.keys_file):
            grants = "; ".join(
                f"{g.role.value} {g.region}"
                + (f" organization={g.organization}" if g.organization else "")
                + (f" studies={','.join(g.studies)}" if g.studies else "")
                for g in stored.grants
            )
            print(f"{stored.key_id}  {stored.created_at or '-':25}  {stored.subject}  [{grants}]")
    elif args.noun == "api-key" and args.verb == "revoke":
        removed = api_keys.revoke(args.keys_file, key_id=args.key_id, subject=args.subject)
        if removed == 0:
            _err("no such key")
            return 1
        _err(f"revoked {removed} key(s); services refuse them from the next request on")
    elif args.noun == "pseudonym-key" and args.verb == "add":
        version = pseudonym_keys.add(args.keys_file)
        _err(f"added pseudonym key version {version} to {args.keys_file}; restart surveys so new")
        _err("subjects are keyed with it (older versions stay to find earlier subjects)")
        print(version)
    elif args.noun == "pseudonym-key" and args.verb == "list":
        for version in pseudonym_keys.versions(args.keys_file):
            print(version)
    elif args.noun == "identity-key" and args.verb == "generate":
        key_id = identity_key_rotation.generate(args.dir)
        _err(f"identity key {key_id} in {args.dir}: the private key for the gateway")
        _err("(GATEWAY_IDENTITY_PRIVATE_KEY_FILE), the public JWKS for offers and surveys")
        print(key_id)
    elif args.noun == "identity-key" and args.verb == "rotate":
        old, new = identity_key_rotation.rotate(args.dir)
        _err(f"new identity key {new}; the public set holds {new} and {old}. Deploy the public")
        _err("set to offers and surveys first, then the new private key to the gateway; then")
        _err("run `identity-key prune` and deploy the public set again.")
        print(new)
    elif args.noun == "identity-key" and args.verb == "prune":
        retired = identity_key_rotation.prune(args.dir)
        _err(f"removed {', '.join(retired) or 'nothing'} from the public key set")
    elif args.noun == "webhook-key" and args.verb == "generate":
        print(service_keys.new_webhook_key())
    elif args.noun == "webhook-key" and args.verb == "rotate":
        current = os.environ.get(args.current_env, "")
        if not current.strip():
            raise AdminError(f"{args.current_env} is empty")
        print(service_keys.rotated_webhook_keys(current))
        _err("set OFFERS_WEBHOOK_SECRET_KEY to this value and restart offers; keep the old keys")
        _err("in it: subscriptions made before are encrypted with them")
    elif args.noun == "secrets" and args.verb == "init":
        created = secrets_folder.init(args.dir, postgres_host=args.postgres_host, split=args.split)
        _err(f"secrets in {args.dir}: " + (f"created {', '.join(created)}" if created else "kept"))
    elif args.noun == "demo" and args.verb == "load":
        _load_demo(args)
    elif args.noun == "database" and args.verb == "provision":
        password = os.environ.get(args.password_env, "") if args.password_env else None
        if args.password_env and not password:
            raise AdminError(f"{args.password_env} is empty")
        url, _ = databases.provision(args.service, args.admin_url, password)
        _err(f"role and database {url.database} ready; set {args.service.upper()}_DATABASE_URL")
        _err("to the URL below (it holds the password; keep it in your secret store)")
        print(url.set(drivername="postgresql").render_as_string(hide_password=False))
    elif args.noun == "database" and args.verb == "migrate":
        databases.migrate(args.service, _database_url(args))
        _err(f"{args.service}: migrated to the newest revision")
    elif args.noun == "database" and args.verb == "backup":
        dump = databases.backup(
            args.service, _database_url(args), args.to, keep_days=args.keep_days
        )
        print(dump)
    elif args.noun == "database" and args.verb == "admin-url":
        print(databases.embedded_admin_url(args.data_dir))
    elif args.noun == "report" and args.verb == "monitoring":
        release = reports.monitoring(
            gateway_url=args.gateway_url,
            token=os.environ.get(args.token_env, ""),
            region=args.region,
            study=args.study,
            release=args.release,
            on=args.date,
            output=args.format,
            language=args.lang,
            out=args.out,
        )
        _err(f"monitoring report of release {release} written to {args.out}")
    elif args.noun == "database" and args.verb == "restore":
        databases.restore(args.dump, _database_url(args), args.service)
        _err(f"{args.service}: restored from {args.dump}")
    return 0


def _load_demo(args: argparse.Namespace) -> None:
    from sqlalchemy.engine import make_url

    from koko_shared.database.url import with_asyncpg

    urls = {}
    for service in ("OFFERS", "SURVEYS"):
        raw = os.environ.get(f"{service}_DATABASE_URL")
        if not raw:
            raise AdminError(f"set {service}_DATABASE_URL")
        urls[service] = with_asyncpg(make_url(raw))
    offers = asyncio.run(demo.load_demo("offers", urls["OFFERS"]))
    surveys = asyncio.run(demo.load_demo("surveys", urls["SURVEYS"]))
    found = demo.credentials(
        args.idp_dir,
        issuer=args.issuer,
        audience=args.audience,
        api_keys_file=args.api_keys_file,
        provider_id=offers.provider_id,
        study_ids=list(surveys.study_ids),
    )
    demo.write_credentials(args.credentials_file, found, base_url=args.base_url)
    _err(f"demo data loaded; credentials in {args.credentials_file}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except AdminError as exc:
        _err(f"koko-admin: {exc}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
