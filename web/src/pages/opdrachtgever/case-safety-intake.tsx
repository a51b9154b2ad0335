import { Heading, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../api';
import { Loadable, useLoad } from '../../components/ui';
import type { SafetyIntakeView } from '../kandidaat/types';

/**
 * The candidate's voluntary safety intake, for the opdrachtgever alone: not risk material, never in
 * the report. Shown only when the candidate chose to fill it in.
 */
export function CaseSafetyIntake({ caseId }: { caseId: string }) {
  const loaded = useLoad(() => api.get<SafetyIntakeView>(`/cases/${caseId}/safety-intake`), [caseId]);
  return (
    <Loadable loaded={loaded}>
      {(view) =>
        view.optedIn ? (
          <section aria-labelledby="veiligheid-titel">
            <Heading level={2} id="veiligheid-titel">
              {view.title}
            </Heading>
            <Paragraph>Alleen u ziet dit. Het hoort niet bij de risicoanalyse en komt niet in het rapport. Bespreek het vertrouwelijk met de kandidaat.</Paragraph>
            <dl className="basisscan-facts">
              {view.themes
                .flatMap((t) => t.questions)
                .filter((q) => view.answers[q.id])
                .map((q) => {
                  const answer = view.answers[q.id];
                  const value = answer.value === true ? 'Ja' : answer.value === false ? 'Nee' : String(answer.value);
                  return (
                    <div key={q.id}>
                      <dt>{q.label}</dt>
                      <dd>
                        {value}
                        {answer.explanation ? `: ${answer.explanation}` : ''}
                      </dd>
                    </div>
                  );
                })}
            </dl>
          </section>
        ) : null
      }
    </Loadable>
  );
}
