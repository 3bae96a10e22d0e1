/**
 * A Delphi study with a panel, on an app that sends e-mail to a real test SMTP server: what the
 * reminder and reminder-template route tests both start from.
 */
import { startTestSmtpServer, type TestSmtpServer } from "./test-smtp-server.ts";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../helpers/auth.ts";

export interface PanelMember {
  name: string;
  email: string;
  group: string;
}

export interface DelphiPanelFixture {
  t: TestApp;
  smtp: TestSmtpServer;
  researcher: LoggedIn;
  viewer: LoggedIn;
  studyId: string;
  /** Each panellist's private token, in the order of the panel given. */
  tokens: string[];
  close(): Promise<void>;
}

/** A request with the signed-in researcher's CSRF token. */
export const postAs = (s: LoggedIn, path: string, body: object = {}) => s.agent.post(path).set("x-csrf-token", s.csrfToken).send(body);

export async function startDelphiPanel(title: string, panel: PanelMember[]): Promise<DelphiPanelFixture> {
  const smtp = await startTestSmtpServer();
  const t = await buildTestApp({ config: { smtp: { host: "127.0.0.1", port: smtp.port, secure: false, from: "Delphi Team <delphi@research.example>" } } });
  const researcher = await loginAs(t.app, "researcher");
  const viewer = await loginAs(t.app, "viewer");
  const studyId: string = (await postAs(researcher, "/api/admin/delphi/studies", { title }).expect(200)).body.id;
  const created = (await postAs(researcher, `/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200)).body.panellists as { link: string }[];
  const tokens = created.map((p) => /#(.+)$/.exec(p.link)![1]);
  return {
    t,
    smtp,
    researcher,
    viewer,
    studyId,
    tokens,
    close: async () => {
      await t.close();
      await smtp.close();
    },
  };
}
