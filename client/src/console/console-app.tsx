/**
 * The researcher console (/console/*): sign-in, then pages by role.
 *   viewer:      Dashboard, Indicators, Question results (aggregates only)
 *   researcher:  + Local authorities, LA pages, Contacts, E-mails, Scores (heat map, LA profiles), Case studies, Exports, Reports
 *   admin:       + Links, Audit trail, Users, Study contact
 */
import type { ReactElement } from "react";
import { NavLink, Route, Routes, Navigate } from "react-router-dom";
import { SessionProvider, useSession } from "./session.tsx";
import { hasRole } from "./api.ts";
import { LoginPage } from "./login-page.tsx";
import { DashboardPage } from "./dashboard-page.tsx";
import { LasPage } from "./las-page.tsx";
import { LaPage } from "./la-page.tsx";
import { ContactsPage } from "./contacts-page.tsx";
import { EmailsPage } from "./emails-page.tsx";
import { AuditPage } from "./audit-page.tsx";
import { UsersPage } from "./users-page.tsx";
import { StudyContactPage } from "./study-contact-page.tsx";
import { ScoresPage } from "./scores-page.tsx";
import { IndicatorsPage } from "./indicators-page.tsx";
import { LaScoresPage } from "./la-scores-page.tsx";
import { CaseStudiesPage } from "./case-studies-page.tsx";
import { CaseStudyTypologyPage } from "./case-study-typology-page.tsx";
import { CaseStudySelectionsPage } from "./case-study-selections-page.tsx";
import { CaseStudyFieldworkPage } from "./case-study-fieldwork-page.tsx";
import { CaseStudyLaPage } from "./case-study-la-page.tsx";
import { CaseStudyValidationPage } from "./case-study-validation-page.tsx";
import { QuestionsPage } from "./questions-page.tsx";
import { QuestionResultPage } from "./question-result-page.tsx";
import { ExportsPage } from "./exports-page.tsx";
import { DelphiStudiesPage } from "./delphi-studies-page.tsx";
import { DelphiStudyPage } from "./delphi-study-page.tsx";
import { DelphiResultsPage } from "./delphi-results-page.tsx";
import { DelphiFrameworkPage } from "./delphi-framework-page.tsx";
import { LinksPage } from "./links-page.tsx";
import { ReportsPage } from "./reports-page.tsx";
import { ReportPreviewPage } from "./report-preview-page.tsx";
import { Page } from "./page.tsx";
import "./console.css";

function Forbidden() {
  return (
    <Page title="Not available for your role">
      <p>Your account cannot open this page. Ask an admin if you need access.</p>
    </Page>
  );
}

function ConsoleShell() {
  const { user, loading, signOut } = useSession();
  if (loading) {
    return (
      <main id="main" className="console-main">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!user) return <LoginPage />;
  const researcher = hasRole(user, "researcher");
  const admin = hasRole(user, "admin");
  const guard = (ok: boolean, el: ReactElement) => (ok ? el : <Forbidden />);
  return (
    <div className="console">
      <header className="console-header">
        <p className="console-brand">LA Data Capability Audit · Researcher console</p>
        <nav aria-label="Console">
          <ul>
            <li><NavLink to="/console" end>Dashboard</NavLink></li>
            {researcher && <li><NavLink to="/console/las">Local authorities</NavLink></li>}
            {researcher && <li><NavLink to="/console/contacts">Contacts</NavLink></li>}
            {researcher && <li><NavLink to="/console/emails">E-mails</NavLink></li>}
            {researcher && <li><NavLink to="/console/scores">Scores</NavLink></li>}
            <li><NavLink to="/console/indicators">Indicators</NavLink></li>
            <li><NavLink to="/console/questions">Question results</NavLink></li>
            {researcher && <li><NavLink to="/console/case-studies">Case studies</NavLink></li>}
            {researcher && <li><NavLink to="/console/delphi">Delphi</NavLink></li>}
            {researcher && <li><NavLink to="/console/exports">Exports</NavLink></li>}
            {researcher && <li><NavLink to="/console/reports">Reports</NavLink></li>}
            {admin && <li><NavLink to="/console/links">Links</NavLink></li>}
            {admin && <li><NavLink to="/console/audit">Audit trail</NavLink></li>}
            {admin && <li><NavLink to="/console/users">Users</NavLink></li>}
            {admin && <li><NavLink to="/console/settings/contact">Study contact</NavLink></li>}
          </ul>
        </nav>
        <div className="console-user">
          <span>
            Signed in as {user.email} ({user.role})
          </span>
          <button type="button" className="button-secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Routes>
        <Route index element={<DashboardPage />} />
        <Route path="las" element={guard(researcher, <LasPage />)} />
        <Route path="las/:laCode" element={guard(researcher, <LaPage />)} />
        <Route path="contacts" element={guard(researcher, <ContactsPage />)} />
        <Route path="emails" element={guard(researcher, <EmailsPage />)} />
        <Route path="scores" element={guard(researcher, <ScoresPage />)} />
        <Route path="scores/:laCode" element={guard(researcher, <LaScoresPage />)} />
        <Route path="indicators" element={<IndicatorsPage />} />
        <Route path="questions" element={<QuestionsPage />} />
        <Route path="questions/:question" element={<QuestionResultPage />} />
        <Route path="case-studies" element={guard(researcher, <CaseStudiesPage />)} />
        <Route path="case-studies/typology" element={guard(researcher, <CaseStudyTypologyPage />)} />
        <Route path="case-studies/saved" element={guard(researcher, <CaseStudySelectionsPage />)} />
        <Route path="case-studies/fieldwork" element={guard(researcher, <CaseStudyFieldworkPage />)} />
        <Route path="case-studies/fieldwork/:laCode" element={guard(researcher, <CaseStudyLaPage />)} />
        <Route path="case-studies/validation" element={guard(researcher, <CaseStudyValidationPage />)} />
        <Route path="delphi" element={guard(researcher, <DelphiStudiesPage />)} />
        <Route path="delphi/:id" element={guard(researcher, <DelphiStudyPage />)} />
        <Route path="delphi/:id/results" element={guard(researcher, <DelphiResultsPage />)} />
        <Route path="delphi/:id/framework" element={<DelphiFrameworkPage />} />
        <Route path="exports" element={guard(researcher, <ExportsPage />)} />
        <Route path="reports" element={guard(researcher, <ReportsPage />)} />
        <Route path="reports/:laCode" element={guard(researcher, <ReportPreviewPage />)} />
        <Route path="links" element={guard(admin, <LinksPage />)} />
        <Route path="audit" element={guard(admin, <AuditPage />)} />
        <Route path="users" element={guard(admin, <UsersPage />)} />
        <Route path="settings/contact" element={guard(admin, <StudyContactPage />)} />
        <Route path="*" element={<Navigate to="/console" replace />} />
      </Routes>
    </div>
  );
}

export default function ConsoleApp() {
  return (
    <SessionProvider>
      <ConsoleShell />
    </SessionProvider>
  );
}
