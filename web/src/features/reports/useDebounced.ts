import { useEffect, useState } from "react";

/** The value once it has stopped changing for `ms` (live preview without a request per keystroke). */
export function useDebounced<T>(value: T, ms = 400): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return current;
}
