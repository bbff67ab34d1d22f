"""``infusiondesk compute ORDER.json``: the claim (claim-v1) on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("compute", help="compute the claim of an order file")
    parser.add_argument("order", help="order file (infusiondesk/order-v1 JSON)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from infusiondesk.claims.build import build_claim
    from infusiondesk.claims.claim_file import claim_to_dict
    from infusiondesk.cli.files import read_order_file

    order = read_order_file(args.order)
    claim = build_claim(order)
    json.dump(claim_to_dict(claim), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
