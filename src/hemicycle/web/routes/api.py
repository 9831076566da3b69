"""The JSON API: the same operations as the pages, described by the OpenAPI schema at
``/openapi.json`` (browsable at ``/docs``). Writes need the session cookie and the header
``X-CSRF-Token`` with the token ``POST /api/session`` returns."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)
from pydantic import BaseModel, Field

from hemicycle.core import apportion as run_method
from hemicycle.io import accounts, audit_log, uploads
from hemicycle.io.accounts import Permission
from hemicycle.report.model import allocation_record
from hemicycle.web import services
from hemicycle.web.deps import CSRF, DB, CurrentVisitor, Visitor, get_limiter, get_settings, require
from hemicycle.web.routes.pages import login_user, set_session_cookie
from hemicycle.web.routes.runs import visible_run
from hemicycle.web.security import SESSION_COOKIE, LoginLimiter
from hemicycle.web.settings import Settings

router = APIRouter(prefix="/api", tags=["api"])

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Writer = Annotated[Visitor, Depends(require(Permission.write))]
Observer = Annotated[Visitor, Depends(require(Permission.observe))]
Auditor = Annotated[Visitor, Depends(require(Permission.read_audit_log))]


class Credentials(BaseModel):
    name: str
    password: str


class SessionOut(BaseModel):
    name: str
    role: str
    csrf_token: str = Field(description="Send as the X-CSRF-Token header with every write.")


class DatasetOut(BaseModel):
    id: int
    name: str
    kind: str
    file_name: str
    sha256: str
    row_count: int
    created_by: str
    created_at: datetime


class DatasetDetail(DatasetOut):
    votes: dict[str, int]


class RunOut(BaseModel):
    id: int
    dataset_id: int
    kind: str
    parameters: dict[str, Any]
    result: dict[str, Any]
    sha256: str
    created_by: str
    created_at: datetime
    published: bool
    published_by: str | None
    published_at: datetime | None


class ApportionIn(services.ApportionParameters):
    votes: dict[str, int] = Field(description="Votes (or population) per unit.")


class ObservationIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    sha256: str | None
    hash: str


def _dataset_out(dataset: uploads.Dataset) -> DatasetOut:
    return DatasetOut(**{k: getattr(dataset, k) for k in DatasetOut.model_fields})


def _run_out(run: uploads.Run) -> RunOut:
    return RunOut(
        id=run.id,
        dataset_id=run.dataset_id,
        kind=run.kind,
        parameters=dict(run.parameters),
        result=dict(run.result),
        sha256=run.sha256,
        created_by=run.created_by,
        created_at=run.created_at,
        published=run.published,
        published_by=run.published_by,
        published_at=run.published_at,
    )


@router.post("/session", response_model=SessionOut)
def open_session(
    request: Request,
    response: Response,
    credentials: Credentials,
    db: DB,
    limiter: Annotated[LoginLimiter, Depends(get_limiter)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> SessionOut:
    """Log in; sets the session cookie. JSON only, so a cross-site form cannot post it."""
    address = request.client.host if request.client else "unknown"
    user, token, wait = login_user(
        db,
        limiter,
        name=credentials.name,
        password=credentials.password,
        address=address,
        settings=settings,
    )
    if wait:
        raise HTTPException(
            status_code=429,
            detail=f"too many failed logins; try again in {wait} seconds",
            headers={"Retry-After": str(wait)},
        )
    if user is None or token is None:
        raise HTTPException(status_code=401, detail="wrong name or password")
    set_session_cookie(request, response, token, settings)
    return SessionOut(name=user.name, role=user.role.value, csrf_token=request.state.csrf_token)


@router.delete("/session", dependencies=[CSRF], status_code=204)
def close_session(request: Request, db: DB, visitor: CurrentVisitor) -> Response:
    """Log out."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and visitor.user is not None:
        accounts.end_session(db, token, actor=visitor.name)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me")
def me(request: Request, visitor: CurrentVisitor) -> dict[str, Any]:
    """Who is asking, their role and permissions."""
    return {
        "name": visitor.name,
        "role": visitor.role.value,
        "permissions": sorted(p.value for p in accounts.PERMISSIONS[visitor.role]),
        "csrf_token": request.state.csrf_token,
    }


@router.get("/methods")
def methods() -> dict[str, list[str]]:
    """Ids of the allocation methods."""
    return {"methods": services.method_ids()}


@router.post("/apportion")
def apportion(body: ApportionIn) -> dict[str, Any]:
    """Allocate seats for the votes given (stores nothing; open to everyone)."""
    parameters = services.ApportionParameters(**body.model_dump(exclude={"votes"}))
    result = run_method(body.votes, body.seats, method=body.method, **parameters.options())
    return allocation_record(result)


@router.get("/tables", response_model=list[DatasetOut])
def list_tables(db: DB, visitor: Reader) -> list[DatasetOut]:
    """Every uploaded table of votes or populations per unit."""
    return [_dataset_out(d) for d in uploads.list_datasets(db)]


@router.post("/tables", response_model=DatasetOut, status_code=201, dependencies=[CSRF])
async def import_table(
    db: DB,
    visitor: Writer,
    file: Annotated[UploadFile, File(description="CSV, XLSX or Parquet: name,votes")],
    name: Annotated[str, Form()] = "",
) -> DatasetOut:
    """Upload votes (or populations) per unit; every problem is listed with its row and
    column, and nothing is stored."""
    data = await file.read()
    dataset_id = services.import_upload(
        db, file_name=file.filename or "upload", data=data, name=name, actor=visitor.name
    )
    return _dataset_out(services.dataset_or_error(db, dataset_id))


@router.get("/tables/{dataset_id}", response_model=DatasetDetail)
def get_table(db: DB, visitor: Reader, dataset_id: int) -> DatasetDetail:
    """One table with its votes per unit."""
    dataset = uploads.get_dataset(db, dataset_id)
    if dataset is None:
        raise HTTPException(status_code=404, detail=f"no table with id {dataset_id}")
    return DatasetDetail(
        **_dataset_out(dataset).model_dump(), votes=uploads.dataset_votes(db, dataset_id)
    )


@router.post(
    "/tables/{dataset_id}/runs", response_model=RunOut, status_code=201, dependencies=[CSRF]
)
def create_run(
    db: DB, visitor: Writer, dataset_id: int, parameters: services.ApportionParameters
) -> RunOut:
    """Allocate seats among the table's units by one method and store the run (unpublished)."""
    if uploads.get_dataset(db, dataset_id) is None:
        raise HTTPException(status_code=404, detail=f"no table with id {dataset_id}")
    return _run_out(services.create_run(db, dataset_id, parameters, actor=visitor.name))


@router.get("/tables/{dataset_id}/compare")
def compare(
    db: DB,
    visitor: Reader,
    dataset_id: int,
    seats: int,
    method: Annotated[list[str], Query()],
    threshold: str | None = None,
) -> dict[str, Any]:
    """Seats of the table's units under each method."""
    if uploads.get_dataset(db, dataset_id) is None:
        raise HTTPException(status_code=404, detail=f"no table with id {dataset_id}")
    parameters = services.ApportionParameters(seats=seats, threshold=threshold)
    return services.compare(db, dataset_id, method, parameters).as_json()


@router.get("/runs", response_model=list[RunOut])
def list_runs(db: DB, visitor: CurrentVisitor) -> list[RunOut]:
    """Outcomes: published ones for the public, all for observers, editors and admins."""
    published_only = not visitor.can(Permission.read_all)
    return [_run_out(r) for r in uploads.list_runs(db, published_only=published_only)]


@router.get("/runs/{run_id}", response_model=RunOut)
def get_run(db: DB, visitor: CurrentVisitor, run_id: int) -> RunOut:
    """One outcome (404 for the public unless it is published)."""
    return _run_out(visible_run(db, visitor, run_id))


@router.post("/runs/{run_id}/publish", response_model=RunOut, dependencies=[CSRF])
def publish_run(db: DB, visitor: Writer, run_id: int) -> RunOut:
    """Publish an outcome."""
    visible_run(db, visitor, run_id)
    uploads.publish_run(db, run_id, actor=visitor.name)
    return _run_out(visible_run(db, visitor, run_id))


@router.post("/runs/{run_id}/observations", status_code=201, dependencies=[CSRF])
def observe(db: DB, visitor: Observer, run_id: int, body: ObservationIn) -> dict[str, Any]:
    """Record an observation about an outcome in the audit log."""
    visible_run(db, visitor, run_id)
    audit_log.record(
        db,
        actor=visitor.name,
        action="observation",
        target=f"run:{run_id}",
        details={"text": body.text},
    )
    return {"run": run_id, "text": body.text}


@router.get("/audit", response_model=list[AuditEntryOut])
def audit(
    db: DB, visitor: Auditor, limit: int = 200, before: int | None = None
) -> list[AuditEntryOut]:
    """The audit log, newest first."""
    return [
        AuditEntryOut(
            id=e.id,
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            details=dict(e.details),
            sha256=e.sha256,
            hash=e.hash,
        )
        for e in audit_log.entries(db, limit=min(limit, 1000), before=before)
    ]
