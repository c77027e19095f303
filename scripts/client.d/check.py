"""A client generated from /api/openapi.json (openapi-python-client) takes
orderhub's files as files: a spreadsheet import, the CSV and XLSX exports,
a product zip, a picture up and down. Run by scripts/fuzz-api against its
server: python check.py BASE_URL TOKEN GENERATED_DIR JPEG"""

import io
import sys
import zipfile

base, token, generated, jpeg_path = sys.argv[1:5]
sys.path.insert(0, generated)

from orderhub_client import AuthenticatedClient  # noqa: E402
from orderhub_client.api.imports import import_orders  # noqa: E402
from orderhub_client.api.orders import export_orders  # noqa: E402
from orderhub_client.api.tasks import export_tasks  # noqa: E402
from orderhub_client.api.products import get_image, list_products, upload_products  # noqa: E402
from orderhub_client.api.suppliers import list_suppliers  # noqa: E402
from orderhub_client.models.export_orders_format import ExportOrdersFormat  # noqa: E402
from orderhub_client.models.export_tasks_format import ExportTasksFormat  # noqa: E402
from orderhub_client.types import File  # noqa: E402

client = AuthenticatedClient(base_url=f"{base}/api/v1", token=token)


def check(what, ok, detail=""):
    if not ok:
        sys.exit(f"generated client: {what} failed {detail}")
    print(f"generated client: {what} ok")


sheet = "order number,customer,product,quantity,unit price,currency\nGC-1,Ada,Mug,2,12.50,EUR\n"
res = import_orders.sync_detailed(
    client=client, body=File(payload=io.BytesIO(sheet.encode()), file_name="o.csv"),
    name="o.csv", platform="generated",
)
check("spreadsheet import", res.status_code == 200, res.content[:300])

res = export_orders.sync_detailed(ExportOrdersFormat.XLSX, client=client)
data = res.parsed.payload.read() if res.parsed else b""
check("XLSX export is a workbook", zipfile.is_zipfile(io.BytesIO(data)), len(data))
res = export_tasks.sync_detailed(ExportTasksFormat.CSV, client=client)
data = res.parsed.payload.read() if res.parsed else b""
check("CSV export keeps its bytes", data.startswith(b"\xef\xbb\xbf"), data[:20])

# the fuzzer ran first and may have changed any demo data: a category and
# a supplier of this check's own
setup = client.get_httpx_client()
tag = token[-8:]
category = setup.post("/categories", json={"name": f"Generated {tag}", "keywords": [f"gen{tag}"]})
check("setup: a category", category.status_code == 201, category.content[:300])
made = setup.post("/suppliers", json={"name": f"Generated maker {tag}", "categories": [category.json()["id"]]})
check("setup: a supplier", made.status_code == 201, made.content[:300])
supplier = next(x for x in list_suppliers.sync(client=client) if x.id == made.json()["id"])
jpeg = open(jpeg_path, "rb").read()
product_sheet = "code,title,category,supplier_price,main_image\nGC-MUG,Generated mug,{},4.20,images/mug.jpg\n".format(
    supplier.categories[0]
)
packed = io.BytesIO()
with zipfile.ZipFile(packed, "w") as z:
    z.writestr("products.csv", product_sheet)
    z.writestr("images/mug.jpg", jpeg)
res = upload_products.sync_detailed(
    client=client, body=File(payload=io.BytesIO(packed.getvalue()), file_name="p.zip"),
    supplier_id=supplier.id,
)
check("product zip upload", res.status_code == 200, res.content[:300])

found = list_products.sync(client=client, q="GC-MUG", supplier_id=supplier.id)
product = found.items[0]
res = get_image.sync_detailed(product.id, product.main_image, client=client)
got = res.parsed.payload.read() if res.parsed else b""
check("picture download is the JPEG sent", got == jpeg, len(got))

from orderhub_client.api.products import set_main_image  # noqa: E402

res = set_main_image.sync_detailed(
    product.id, client=client, body=File(payload=io.BytesIO(jpeg), file_name="mug.jpg")
)
check("picture upload", res.status_code == 200, res.content[:300])
