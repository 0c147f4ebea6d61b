import type { ComponentProps } from "react";

type SelectProps = Omit<ComponentProps<"select">, "value" | "onChange" | "children">;

/**
 * A controlled `<select>` of machines, one option per machine (value its id, text its name), in
 * the order given. `value` is the chosen id ("" for the placeholder); `onChange` gets the new id.
 * `placeholder`, when given, is a first option with the value "" (e.g. "all machines", "(choose)");
 * without it the select always holds a machine. Every other prop (name, id, aria-label,
 * aria-describedby, aria-invalid, disabled, className) goes to the `<select>` as it is: the label
 * around it stays the caller's, as do the names and aria attributes tests and forms find it by.
 */
export function MachineSelect({
  machines,
  value,
  onChange,
  placeholder,
  ...select
}: SelectProps & {
  machines: readonly { id: string; name: string }[];
  value: string;
  onChange: (machineId: string) => void;
  placeholder?: string;
}) {
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {machines.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </select>
  );
}
