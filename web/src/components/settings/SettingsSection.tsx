import type { ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import HelpTip from "./HelpTip";

export interface SettingsSectionProps {
  id: string;
  title: string;
  icon: LucideIcon;
  help: ReactNode;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}

/** A settings panel: icon, title, an (i) help disclosure and optional header actions. */
export default function SettingsSection({ id, title, icon: Icon, help, children, className = "", actions }: SettingsSectionProps) {
  return (
    <section id={id} className={`panel settings-section ${className}`} aria-labelledby={`${id}-title`}>
      <div className="settings-section-header">
        <h2 id={`${id}-title`} className="settings-section-title">
          <Icon size={18} aria-hidden="true" />
          {title}
        </h2>
        <HelpTip topic={title}>{help}</HelpTip>
        {actions && <div className="settings-section-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
