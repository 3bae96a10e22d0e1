import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { contactsOf } from "../../../server/services/contacts-service.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let researcher: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, body: unknown) => researcher.agent.post(url).set("x-csrf-token", researcher.csrfToken).send(body as object);

describe("contacts CSV import", () => {
  it("imports a clean file, and a re-import updates instead of duplicating", async () => {
    const csv = "la_code,name,email,role\n201,Jo Bloggs,Jo@City.gov.uk,Head of BI\n202,Sam Smith,sam@camden.gov.uk,\n";
    const first = await post("/api/admin/contacts/import", { csv }).expect(200);
    expect(first.body).toEqual({ inserted: 2, updated: 0 });
    const again = await post("/api/admin/contacts/import", { csv: csv.replace("Head of BI", "Data lead") }).expect(200);
    expect(again.body).toEqual({ inserted: 0, updated: 2 });
    const list = await researcher.agent.get("/api/admin/contacts?laCode=201").expect(200);
    expect(list.body.contacts).toEqual([expect.objectContaining({ laCode: "201", name: "Jo Bloggs", email: "jo@city.gov.uk", role: "Data lead" })]);
  });

  it("rejects a file with problems: 422 listing each row and field, nothing imported", async () => {
    const csv = "la_code,name,email,role\n204,Ok Person,ok@la204.gov.uk,\n999,Bad La,x@y.gov.uk,\n205,,not-an-email,\n";
    const res = await post("/api/admin/contacts/import", { csv }).expect(422);
    expect(res.body.errors).toEqual([
      { row: 3, field: "la_code", message: 'la_code "999" is not in the LA register' },
      { row: 4, field: "name", message: "name is empty" },
      { row: 4, field: "email", message: 'email "not-an-email" is not a valid e-mail address' },
    ]);
    expect(res.body.message).toMatch(/line 3, la_code/);
    const list = await researcher.agent.get("/api/admin/contacts?laCode=204").expect(200);
    expect(list.body.contacts).toEqual([]);
  });

  it("names a missing header column", async () => {
    const res = await post("/api/admin/contacts/import", { csv: "la,name,mail\n201,a,b@c.de\n" }).expect(422);
    expect(res.body.errors[0]).toMatchObject({ row: 1, field: "la_code" });
  });
});

describe("editing contacts", () => {
  it("adds, edits and deactivates a contact, each recorded in the audit trail", async () => {
    const created = await post("/api/admin/contacts", { laCode: "206", name: "Lee", email: "lee@la206.gov.uk", role: "" }).expect(201);
    const id = created.body.contact.id;
    const edited = await researcher.agent.patch(`/api/admin/contacts/${id}`).set("x-csrf-token", researcher.csrfToken)
      .send({ name: "Lee Jones", isActive: false }).expect(200);
    expect(edited.body.contact).toMatchObject({ name: "Lee Jones", isActive: false });
    const bad = await researcher.agent.patch(`/api/admin/contacts/${id}`).set("x-csrf-token", researcher.csrfToken).send({ email: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("email");
    const { rows } = await t.pool.query(`SELECT action, actor FROM audit_log WHERE subject = $1 ORDER BY id`, [id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(["contact.create", "contact.update"]);
    expect(rows[0].actor).toBe(researcher.user.id);
  });
});

describe("contacts response schemas", () => {
  // the serializer drops any field a response schema leaves out, which would silently blank the page
  it("send every field of a contact, in the list and after adding or editing one", async () => {
    const created = await post("/api/admin/contacts", { laCode: "207", name: "Kim", email: "kim@la207.gov.uk", role: "Analyst" }).expect(201);
    const [stored] = JSON.parse(JSON.stringify(await contactsOf(t.pool, "207")));
    expect(created.body).toEqual({ contact: stored });
    expect(Object.keys(stored).sort()).toEqual(["email", "id", "isActive", "laCode", "laName", "name", "role", "updatedAt"]);
    const list = await researcher.agent.get("/api/admin/contacts?laCode=207").expect(200);
    expect(list.body).toEqual({ contacts: [stored] });
    const again = await post("/api/admin/contacts", { laCode: "207", name: "Kim Lee", email: "kim@la207.gov.uk" }).expect(200);
    expect(again.body.contact).toMatchObject({ id: stored.id, name: "Kim Lee", laName: stored.laName });
    expect(Object.keys(again.body.contact).sort()).toEqual(Object.keys(stored).sort());
  });
});
